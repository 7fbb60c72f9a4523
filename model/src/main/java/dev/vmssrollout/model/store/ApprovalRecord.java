package dev.vmssrollout.model.store;

import java.time.Instant;

/** Who let a wave start, and when. {@code waveIndex} is 0-based. */
public record ApprovalRecord(int waveIndex, String approver, String comment, Instant approvedAt) {
}
