package dev.vmssrollout.worker.azure;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The most of one kind of Compute request the worker may spend per subscription in any window of the given length:
 * the high-cost reads of health polls (a VM list with instance views costs one per page; Compute allows about 190 per
 * 3 minutes and 900 per 30 minutes per subscription and region, HighCostGetVMScaleSet3Min/30Min), the low-cost reads
 * of models (about 200 and 1,300, GetVMScaleSet3Min/30Min), or the instances named in manualupgrade requests (about
 * 1,200 per 5 minutes and 6,000 per 30, VMScaleSetBatchedVMRequests5Min/30Min).
 * Everything else that touches those scale sets shares Compute's budgets: other rollouts, the portal, people's scripts.
 *
 * @param requests requests (or, for batched requests, instances) in any window, at least 1
 * @param window   the window's length
 */
public record RequestBudget(long requests, Duration window) {

    /**
     * Inside both of Compute's windows with room for others: a burst of 18.75 and a refill of 56.25 per 3 minutes spend at
     * most 75 of the 190 in any 3 minutes, and at most 18.75 + 562.5 = 581 (65%) of the 900 in any 30 minutes. The former
     * default, 120 per 3 minutes, refilled 900 per 30 minutes: a long rollout ran the 30-minute budget dry alone.
     */
    public static final RequestBudget AZURE_DEFAULT = new RequestBudget(75, Duration.ofMinutes(3));

    /**
     * Instances upgraded per subscription: a burst of 200 and a refill of 600 per 5 minutes spend at most 800 (67%) of
     * the 1,200 in any 5 minutes, and 200 + 3,600 = 3,800 (63%) of the 6,000 in any 30 minutes.
     */
    public static final RequestBudget AZURE_UPGRADE_DEFAULT = new RequestBudget(800, Duration.ofMinutes(5));

    /**
     * Low-cost reads (a scale set's model, its latest rolling upgrade) per subscription: a burst of 30 and a refill of
     * 90 per 3 minutes spend at most 120 (60%) of Compute's 200 in any 3 minutes (GetVMScaleSet3Min), and
     * 30 + 900 = 930 (72%) of its 1,300 in any 30 minutes.
     */
    public static final RequestBudget AZURE_MODEL_READ_DEFAULT = new RequestBudget(120, Duration.ofMinutes(3));

    /** No budget of our own: only Compute's remaining-budget header and its 429s space the requests. */
    public static final RequestBudget UNLIMITED = new RequestBudget(Long.MAX_VALUE, Duration.ofMinutes(3));

    public RequestBudget {
        if (requests < 1) {
            throw new IllegalArgumentException("a request budget needs at least 1 request per window, was " + requests);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a request budget needs a positive window, was " + window);
        }
    }

    /**
     * Requests that may be spent at once, without waiting: a quarter of the budget, so that a short wave is seen healthy
     * (or a wave is started) quickly while the rest of the budget refills evenly over the window.
     */
    double burst() {
        return Math.max(1, requests / 4.0);
    }

    /** Requests regained per second: burst plus refill over one window never exceed the budget. */
    double refillPerSecond() {
        return (requests - burst()) / (window.toNanos() / 1e9);
    }

    /** {@code "120/PT3M"} (requests per ISO-8601 duration) or {@code "unlimited"}. */
    public static RequestBudget parse(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        int slash = value.indexOf('/');
        try {
            if (slash > 0) {
                return new RequestBudget(Long.parseLong(value.substring(0, slash).trim()),
                        Duration.parse(value.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("a request budget is written requests/ISO-8601 window, e.g. 120/PT3M, or"
                + " 'unlimited'; got '" + text + "'");
    }

    @Override
    public String toString() {
        return requests == Long.MAX_VALUE ? "unlimited" : requests + "/" + window;
    }
}
