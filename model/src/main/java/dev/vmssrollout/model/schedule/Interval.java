package dev.vmssrollout.model.schedule;

import java.time.Duration;
import java.time.Instant;

/** The instants from {@code start} (included) to {@code end} (excluded). */
public record Interval(Instant start, Instant end) {

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    boolean isEmpty() {
        return !start.isBefore(end);
    }
}
