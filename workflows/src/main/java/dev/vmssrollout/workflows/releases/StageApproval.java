package dev.vmssrollout.workflows.releases;

/**
 * A person lets stage {@code stage} (0-based) of a release start. {@code requestId} names the row the API wrote
 * before sending it; an approval without one arrived through Temporal directly. Add fields, never reorder them.
 */
public record StageApproval(int stage, String approver, String comment, String requestId) {

    public StageApproval(int stage, String approver, String comment) {
        this(stage, approver, comment, null);
    }
}
