package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.ComputePolicy;
import dev.vmssrollout.simulator.Throttling;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The budgets one scope (a subscription and region, or one scale set) spends: both windows of every
 * {@link ComputePolicy}. A request is charged to both windows of its policy or, when either lacks room, to neither.
 */
final class PolicyBudgets {
    private final Throttling throttling;
    private final Map<ComputePolicy, List<PolicyWindow>> windows = new EnumMap<>(ComputePolicy.class);

    PolicyBudgets(Throttling throttling) {
        this.throttling = throttling;
        for (ComputePolicy policy : ComputePolicy.values()) {
            windows.put(policy, List.of(
                new PolicyWindow(policy.shortWindowName(), throttling.shortLimit(policy),
                    throttling.shortWindowMillis(policy)),
                new PolicyWindow(policy.longWindowName(), throttling.longLimit(policy),
                    ComputePolicy.longWindowMillis())));
        }
    }

    Throttling throttling() {
        return throttling;
    }

    /** Spends {@code charge} of {@code policy}, or answers the window that refused it (nothing is spent then). */
    synchronized Optional<Refusal> charge(ComputePolicy policy, long charge) {
        long now = System.currentTimeMillis();
        for (PolicyWindow window : windows.get(policy)) {
            if (!window.hasRoomFor(charge, now)) {
                int retryAfter = throttling.retryAfterSeconds();
                return Optional.of(new Refusal(window.name(), window.limit(), window.used(now) + charge,
                    window.start().toString(), window.end().toString(),
                    retryAfter > 0 ? retryAfter : window.secondsUntilReset(now)));
            }
        }
        windows.get(policy).forEach(window -> window.spend(charge, now));
        return Optional.empty();
    }

    /** {@code Microsoft.Compute/GetVMScaleSet3Min;197,Microsoft.Compute/GetVMScaleSet30Min;1297}. */
    synchronized String remainingHeader(ComputePolicy policy) {
        long now = System.currentTimeMillis();
        List<String> entries = new ArrayList<>();
        windows.get(policy).forEach(window ->
            entries.add("Microsoft.Compute/" + window.name() + ";" + window.remaining(now)));
        return String.join(",", entries);
    }

    /** Why a request was refused, in the terms of Compute's 429 detail. */
    record Refusal(String operationGroup, int allowedRequestCount, long measuredRequestCount, String startTime,
                   String endTime, long retryAfterSeconds) {
    }
}
