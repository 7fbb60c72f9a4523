package dev.vmssrollout.worker.azure;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The most high-cost reads the health polls of one subscription may spend in any window of the given length. Listing
 * a scale set's VMs with their instance view costs one read per page, and Compute allows about 190 such reads per
 * 3 minutes and 900 per 30 minutes per subscription and region (HighCostGetVMScaleSet3Min/30Min), shared with
 * everything else that reads those scale sets: other rollouts, the planner, the portal, people's scripts.
 *
 * @param reads  reads in any window, at least 1
 * @param window the window's length
 */
public record ReadBudget(long reads, Duration window) {

    /**
     * Inside both of Compute's windows with room for others: a burst of 18.75 and a refill of 56.25 per 3 minutes spend at
     * most 75 of the 190 in any 3 minutes, and at most 18.75 + 562.5 = 581 (65%) of the 900 in any 30 minutes. The former
     * default, 120 per 3 minutes, refilled 900 per 30 minutes: a long rollout ran the 30-minute budget dry alone.
     */
    public static final ReadBudget AZURE_DEFAULT = new ReadBudget(75, Duration.ofMinutes(3));

    /** No budget of our own: only the configured poll interval and Compute's remaining-reads header space polls. */
    public static final ReadBudget UNLIMITED = new ReadBudget(Long.MAX_VALUE, Duration.ofMinutes(3));

    public ReadBudget {
        if (reads < 1) {
            throw new IllegalArgumentException("a read budget needs at least 1 read per window, was " + reads);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a read budget needs a positive window, was " + window);
        }
    }

    /**
     * Reads that may be spent at once, without waiting: a quarter of the budget, so that a short wave is seen healthy
     * quickly while the rest of the budget refills evenly over the window.
     */
    double burst() {
        return Math.max(1, reads / 4.0);
    }

    /** Reads regained per second: burst plus refill over one window never exceed the budget. */
    double refillPerSecond() {
        return (reads - burst()) / (window.toNanos() / 1e9);
    }

    /** {@code "120/PT3M"} (reads per ISO-8601 duration) or {@code "unlimited"}. */
    public static ReadBudget parse(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        int slash = value.indexOf('/');
        try {
            if (slash > 0) {
                return new ReadBudget(Long.parseLong(value.substring(0, slash).trim()),
                        Duration.parse(value.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("a read budget is written reads/ISO-8601 window, e.g. 120/PT3M, or"
                + " 'unlimited'; got '" + text + "'");
    }

    @Override
    public String toString() {
        return reads == Long.MAX_VALUE ? "unlimited" : reads + "/" + window;
    }
}
