package dev.vmssrollout.model.store;

import dev.vmssrollout.model.progress.EventType;

/**
 * An event arrived with a seq that is already stored for an event of another type: two writers
 * number the same rollout's events, which is a bug, not a retry. Retrying it cannot help.
 */
public class EventConflictException extends RuntimeException {

    private final String rolloutId;
    private final long seq;

    public EventConflictException(String rolloutId, long seq, EventType stored, EventType offered) {
        super("rollout " + rolloutId + " already has event " + seq + " (" + stored + "); refusing a different event ("
                + offered + ") with the same seq");
        this.rolloutId = rolloutId;
        this.seq = seq;
    }

    public String rolloutId() {
        return rolloutId;
    }

    public long seq() {
        return seq;
    }
}
