package dev.vmssrollout.model.store;

/** A calendar change that would break something else: in use by a rollout, or a default scope claimed twice. */
public class CalendarConflictException extends RuntimeException {

    public CalendarConflictException(String message) {
        super(message);
    }
}
