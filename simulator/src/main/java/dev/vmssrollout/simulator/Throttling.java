package dev.vmssrollout.simulator;

/**
 * Per-scale-set request budgets, counted in fixed windows: every GET spends one read, every PUT, PATCH or POST one
 * write. A request beyond the budget gets 429 with {@code Retry-After: retryAfterSeconds} (or, when that is 0, the
 * seconds left in the window). Polling an async operation spends neither, as in Azure.
 */
public record Throttling(int readsPerWindow, long readWindowMillis, int writesPerWindow, long writeWindowMillis,
                         int retryAfterSeconds) {

    private static final int GENEROUS_LIMIT = 1_000_000;

    /** Large enough never to bite in tests or benchmarks, while the remaining-calls header still counts down. */
    public static final Throttling GENEROUS = new Throttling(GENEROUS_LIMIT, 180_000, GENEROUS_LIMIT, 60_000, 0);

    public Throttling {
        readWindowMillis = readWindowMillis > 0 ? readWindowMillis : 180_000;
        writeWindowMillis = writeWindowMillis > 0 ? writeWindowMillis : 60_000;
        readsPerWindow = readsPerWindow > 0 ? readsPerWindow : GENEROUS_LIMIT;
        writesPerWindow = writesPerWindow > 0 ? writesPerWindow : GENEROUS_LIMIT;
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
    }
}
