package dev.vmssrollout.workflows;

import dev.vmssrollout.model.schedule.Schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * May a step of about {@code expected} start at {@code at} (workflow time) under {@code schedule}?
 * Add fields, never reorder or repurpose them.
 */
public record WindowCheck(Schedule schedule, Instant at, Duration expected) {
}
