package dev.vmssrollout.workflows;

/**
 * An approval of one wave. {@code wave} is 0-based. {@code requestId} names the row the API wrote
 * before sending it; an approval without one arrived through Temporal directly.
 */
public record ApproveWave(String approver, int wave, String comment, String requestId) {

    public ApproveWave(String approver, int wave, String comment) {
        this(approver, wave, comment, null);
    }
}
