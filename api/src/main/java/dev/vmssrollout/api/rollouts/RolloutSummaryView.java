package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.model.RolloutState;

import java.time.Instant;

/** One line of {@code GET /api/v1/rollouts}. */
public record RolloutSummaryView(String id, RolloutRequest.Target target, RolloutState state, String reason,
                                 String imageChange, String submittedBy, int wavesCompleted, int wavesTotal,
                                 int instancesUpgraded, int instancesTotal, Integer waitingForApprovalWave,
                                 Instant createdAt, Instant updatedAt, RolloutView.Links links,
                                 Integer waitingForApprovalWaveNumber, RolloutView.Timing timing) {
}
