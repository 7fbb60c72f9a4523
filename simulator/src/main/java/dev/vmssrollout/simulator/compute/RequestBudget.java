package dev.vmssrollout.simulator.compute;

/**
 * One throttling policy of a scale set (reads or writes), counted in fixed windows. Its header entry follows
 * Compute's {@code x-ms-ratelimit-remaining-resource} format, e.g.
 * {@code Microsoft.Compute/HighCostGetVMScaleSet3Min;177}.
 */
public final class RequestBudget {
    private final String policyPrefix;
    private int limit;
    private long windowMillis;
    private long windowStart;
    private int used;

    RequestBudget(String policyPrefix, int limit, long windowMillis) {
        this.policyPrefix = policyPrefix;
        configure(limit, windowMillis);
    }

    synchronized void configure(int newLimit, long newWindowMillis) {
        limit = newLimit;
        windowMillis = newWindowMillis;
        windowStart = System.currentTimeMillis();
        used = 0;
    }

    /** Spends one call if the window has one left. */
    public synchronized boolean tryConsume() {
        roll();
        if (used >= limit) {
            return false;
        }
        used++;
        return true;
    }

    public synchronized int remaining() {
        roll();
        return limit - used;
    }

    /** Whole seconds until the window resets, at least 1. */
    public synchronized long secondsUntilReset() {
        long millis = windowStart + windowMillis - System.currentTimeMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    public synchronized String headerEntry() {
        return policyPrefix + windowLabel() + ";" + remaining();
    }

    private void roll() {
        long now = System.currentTimeMillis();
        if (now - windowStart >= windowMillis) {
            windowStart = now;
            used = 0;
        }
    }

    private String windowLabel() {
        if (windowMillis % 60_000 == 0) {
            return (windowMillis / 60_000) + "Min";
        }
        return windowMillis % 1000 == 0 ? (windowMillis / 1000) + "Sec" : windowMillis + "Ms";
    }
}
