package dev.vmssrollout.model.store;

import dev.vmssrollout.model.progress.EventType;

import java.time.Instant;

/** One line of a rollout's event log. {@code wave} is the 0-based wave the event concerns, if any. */
public record EventRecord(long seq, Instant at, EventType type, String actor, String message, Integer wave) {
}
