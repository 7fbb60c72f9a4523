package dev.vmssrollout.model.release;

import dev.vmssrollout.model.RolloutState;

import java.time.Instant;

/** One line of the release list. {@code scaleSetsSucceeded}: scale sets whose upgrade rollout SUCCEEDED. */
public record ReleaseSummary(String id, RolloutState state, String stateReason, String imageChange,
                             String submittedBy, Integer currentStage, int stagesTotal, int scaleSetsTotal,
                             int scaleSetsSucceeded, Instant createdAt, Instant updatedAt) {
}
