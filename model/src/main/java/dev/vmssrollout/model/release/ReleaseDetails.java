package dev.vmssrollout.model.release;

import dev.vmssrollout.model.RolloutState;

import java.time.Instant;
import java.util.List;

/**
 * Everything stored about one release. {@code state} uses the rollout states; {@code currentStage} is the stage
 * the release works on, bakes after or waits before (null before it started one).
 */
public record ReleaseDetails(String id, ReleasePlan plan, RolloutState state, String stateReason, String submittedBy,
                             Integer currentStage, List<StageStatus> stages, Instant createdAt, Instant updatedAt) {

    public ReleaseDetails {
        stages = List.copyOf(stages);
    }
}
