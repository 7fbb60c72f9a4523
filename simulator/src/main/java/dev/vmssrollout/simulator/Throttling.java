package dev.vmssrollout.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Request budgets as Compute counts them: every {@link ComputePolicy} has a short and a 30-minute window, counted in
 * fixed windows, and a request is refused with 429 when either window of its policy has no room for its charge.
 * <p>
 * {@code limits} sets a window's limit by its Compute name ({@code "HighCostGetVMScaleSet30Min": 900}). The older
 * knobs remain for fault injection in tests: {@code readsPerWindow} over {@code readWindowMillis} bounds the short
 * window of both read policies, {@code writesPerWindow} over {@code writeWindowMillis} that of model writes. A window
 * neither sets allows {@link #GENEROUS_LIMIT}. {@code retryAfterSeconds} is the 429's {@code Retry-After}; 0 means the
 * rest of the refusing window.
 *
 * @param scope whose requests share the budgets: the scale set's subscription and region, as in Compute, or the
 *              scale set alone (a fault injected into one scale set)
 */
public record Throttling(int readsPerWindow, long readWindowMillis, int writesPerWindow, long writeWindowMillis,
                         int retryAfterSeconds, Scope scope, Map<String, Integer> limits) {

    public static final int GENEROUS_LIMIT = 1_000_000;

    /** Who shares one set of budgets. */
    public enum Scope { SUBSCRIPTION_REGION, SCALE_SET }

    /** Large enough never to bite in tests or benchmarks, while the remaining-calls header still counts down. */
    public static final Throttling GENEROUS = new Throttling(GENEROUS_LIMIT, 0, GENEROUS_LIMIT, 0, 0,
        Scope.SUBSCRIPTION_REGION, Map.of());

    public Throttling {
        readWindowMillis = readWindowMillis > 0 ? readWindowMillis : 180_000;
        writeWindowMillis = writeWindowMillis > 0 ? writeWindowMillis : 180_000;
        readsPerWindow = readsPerWindow > 0 ? readsPerWindow : GENEROUS_LIMIT;
        writesPerWindow = writesPerWindow > 0 ? writesPerWindow : GENEROUS_LIMIT;
        scope = scope == null ? Scope.SCALE_SET : scope;
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        limits.forEach((window, limit) -> {
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException("the limit of " + window + " must be at least 1");
            }
        });
    }

    /** A fault of one scale set: a read and a write budget in windows of the given lengths, 30-minute ones open. */
    public Throttling(int readsPerWindow, long readWindowMillis, int writesPerWindow, long writeWindowMillis,
                      int retryAfterSeconds) {
        this(readsPerWindow, readWindowMillis, writesPerWindow, writeWindowMillis, retryAfterSeconds,
            Scope.SCALE_SET, Map.of());
    }

    /** Compute's limits (docs/simulator.md gives the sources), shared per subscription and region. */
    public static Throttling compute() {
        Map<String, Integer> limits = new HashMap<>();
        for (ComputePolicy policy : ComputePolicy.values()) {
            limits.put(policy.shortWindowName(), policy.defaultShortLimit());
            limits.put(policy.longWindowName(), policy.defaultLongLimit());
        }
        return new Throttling(GENEROUS_LIMIT, 0, GENEROUS_LIMIT, 0, 0, Scope.SUBSCRIPTION_REGION, limits);
    }

    /** The same budgets with one window's limit changed, e.g. {@code withLimit("HighCostGetVMScaleSet30Min", 50)}. */
    public Throttling withLimit(String windowName, int limit) {
        Map<String, Integer> changed = new HashMap<>(limits);
        changed.put(windowName, limit);
        return new Throttling(readsPerWindow, readWindowMillis, writesPerWindow, writeWindowMillis,
            retryAfterSeconds, scope, changed);
    }

    public Throttling withScope(Scope newScope) {
        return new Throttling(readsPerWindow, readWindowMillis, writesPerWindow, writeWindowMillis,
            retryAfterSeconds, newScope, limits);
    }

    public Throttling withRetryAfterSeconds(int seconds) {
        return new Throttling(readsPerWindow, readWindowMillis, writesPerWindow, writeWindowMillis, seconds, scope,
            limits);
    }

    public int shortLimit(ComputePolicy policy) {
        Integer set = limits.get(policy.shortWindowName());
        if (set != null) {
            return set;
        }
        return switch (policy) {
            case GET_VM_SCALE_SET, HIGH_COST_GET_VM_SCALE_SET -> readsPerWindow;
            case UPDATE_VM_SCALE_SET -> writesPerWindow;
            default -> GENEROUS_LIMIT;
        };
    }

    public long shortWindowMillis(ComputePolicy policy) {
        if (limits.containsKey(policy.shortWindowName())) {
            return policy.shortWindowMillis();
        }
        return switch (policy) {
            case GET_VM_SCALE_SET, HIGH_COST_GET_VM_SCALE_SET -> readWindowMillis;
            case UPDATE_VM_SCALE_SET -> writeWindowMillis;
            default -> policy.shortWindowMillis();
        };
    }

    public int longLimit(ComputePolicy policy) {
        return limits.getOrDefault(policy.longWindowName(), GENEROUS_LIMIT);
    }
}
