package dev.vmssrollout.simulator.arm;

import java.time.Instant;

/** One window of a throttling policy, e.g. {@code HighCostGetVMScaleSet30Min}: a limit counted in fixed windows. */
final class PolicyWindow {
    private final String name;
    private final int limit;
    private final long windowMillis;
    private long windowStart;
    private long used;

    PolicyWindow(String name, int limit, long windowMillis) {
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.windowStart = System.currentTimeMillis();
    }

    String name() {
        return name;
    }

    int limit() {
        return limit;
    }

    boolean hasRoomFor(long charge, long now) {
        roll(now);
        return used + charge <= limit;
    }

    void spend(long charge, long now) {
        roll(now);
        used += charge;
    }

    long remaining(long now) {
        roll(now);
        return Math.max(0, limit - used);
    }

    long used(long now) {
        roll(now);
        return used;
    }

    Instant start() {
        return Instant.ofEpochMilli(windowStart);
    }

    Instant end() {
        return Instant.ofEpochMilli(windowStart + windowMillis);
    }

    /** Whole seconds until the window starts anew, at least 1. */
    long secondsUntilReset(long now) {
        long millis = windowStart + windowMillis - now;
        return Math.max(1, (millis + 999) / 1000);
    }

    private void roll(long now) {
        if (now - windowStart >= windowMillis) {
            windowStart = now - (now - windowStart) % windowMillis;
            used = 0;
        }
    }
}
