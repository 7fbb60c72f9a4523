package dev.vmssrollout.api.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events per key (a user name, a client address) within a sliding window, at most {@code limit} of them: failed
 * sign-ins, Azure reads a user caused. Bounded in memory: keys whose events have all left the window are dropped,
 * and past {@link #MAX_KEYS} keys arbitrary ones are forgotten, so that spraying random names cannot exhaust the heap.
 */
public final class SlidingWindow {

    static final int MAX_KEYS = 50_000;

    private final int limit;
    private final Duration window;
    private final Map<String, Deque<Instant>> events = new ConcurrentHashMap<>();

    public SlidingWindow(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** How long the key must wait before its next event is allowed; empty when it may go now. */
    public Optional<Duration> blockedFor(String key, Instant now) {
        Deque<Instant> times = events.get(key);
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

    public void record(String key, Instant now) {
        if (events.size() >= MAX_KEYS) {
            evict(now);
        }
        Deque<Instant> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
        }
    }

    public void clear(String key) {
        events.remove(key);
    }

    public int keys() {
        return events.size();
    }

    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
    }

    private void evict(Instant now) {
        events.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
        // Still full of live keys: forget arbitrary ones rather than grow without bound.
        var keys = events.keySet().iterator();
        while (events.size() >= MAX_KEYS && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
