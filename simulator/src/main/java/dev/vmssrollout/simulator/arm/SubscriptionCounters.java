package dev.vmssrollout.simulator.arm;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resource Manager's own per-subscription counters behind {@code x-ms-ratelimit-remaining-subscription-reads} and
 * {@code -writes}: 12,000 reads and 1,200 writes an hour, the figures those headers have long counted down from.
 * Reported only; the simulator throttles at Compute's policies, which bite long before these.
 */
final class SubscriptionCounters {
    static final int READS_PER_HOUR = 12_000;
    static final int WRITES_PER_HOUR = 1_200;
    private static final long HOUR_MILLIS = 3_600_000;

    private final Map<String, PolicyWindow> windows = new ConcurrentHashMap<>();

    /** Counts one request of the subscription and answers what the header says is left. */
    long remainingAfter(String subscriptionId, boolean read) {
        String key = subscriptionId.toLowerCase(Locale.ROOT) + (read ? " reads" : " writes");
        PolicyWindow window = windows.computeIfAbsent(key, k ->
            new PolicyWindow(k, read ? READS_PER_HOUR : WRITES_PER_HOUR, HOUR_MILLIS));
        synchronized (window) {
            long now = System.currentTimeMillis();
            if (window.hasRoomFor(1, now)) {
                window.spend(1, now);
            }
            return window.remaining(now);
        }
    }
}
