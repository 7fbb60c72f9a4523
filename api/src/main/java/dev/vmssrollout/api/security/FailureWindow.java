package dev.vmssrollout.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures per key (a user name, a client address) within a sliding window, bounded in memory: keys whose
 * failures have all left the window are dropped, and past {@link #MAX_KEYS} keys the oldest are forgotten first,
 * so that spraying random user names cannot exhaust the heap.
 */
final class FailureWindow {

    static final int MAX_KEYS = 50_000;

    private final int limit;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    FailureWindow(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** How long the key must wait before its next attempt; empty when it may try now. */
    Optional<Duration> blockedFor(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
        }
    }

    void fail(String key, Instant now) {
        if (failures.size() >= MAX_KEYS) {
            evict(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
        }
    }

    void clear(String key) {
        failures.remove(key);
    }

    int keys() {
        return failures.size();
    }

    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
    }

    private void evict(Instant now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
        // Still full of live keys: forget arbitrary ones rather than grow without bound.
        var keys = failures.keySet().iterator();
        while (failures.size() >= MAX_KEYS && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
