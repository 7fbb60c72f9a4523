package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;

import java.time.Instant;

/**
 * One line of the rollout list.
 *
 * @param wavesCompleted          waves that SUCCEEDED
 * @param instancesUpgraded       planned instances that are upgraded and HEALTHY
 * @param instancesTotal          planned instances (skipped ones not counted)
 * @param waitingForApprovalWave  the wave waiting for approval while the rollout is WAITING_FOR_APPROVAL; null otherwise
 */
public record RolloutSummary(String id, ScaleSetRef target, RolloutState state, String stateReason,
                             String imageChange, String submittedBy, int wavesCompleted, int wavesTotal,
                             int instancesUpgraded, int instancesTotal, Integer waitingForApprovalWave,
                             Instant createdAt, Instant updatedAt) {
}
