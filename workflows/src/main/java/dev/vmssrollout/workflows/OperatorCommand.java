package dev.vmssrollout.workflows;

/**
 * Who asked for a pause, resume, cancel, rollback or retry, and why. {@code requestId} names the row
 * the API wrote before sending it; a command without one arrived through Temporal directly.
 */
public record OperatorCommand(String actor, String reason, String requestId) {

    public OperatorCommand(String actor, String reason) {
        this(actor, reason, null);
    }
}
