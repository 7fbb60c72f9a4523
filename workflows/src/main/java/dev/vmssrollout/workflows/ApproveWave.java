package dev.vmssrollout.workflows;

/** An approval of one wave. {@code wave} is 0-based. */
public record ApproveWave(String approver, int wave, String comment) {
}
