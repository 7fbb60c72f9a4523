package dev.vmssrollout.workflows;

/**
 * Another person approves the emergency override asked for on a rollout.
 * {@code requestId} names the row the API wrote first; without one it arrived through Temporal directly.
 */
public record OverrideApproval(String approver, String comment, String requestId) {

    public OverrideApproval(String approver, String comment) {
        this(approver, comment, null);
    }
}
