package dev.vmssrollout.model.release;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.schedule.WindowOverride;

import java.time.Instant;
import java.util.List;

/**
 * Everything stored about one release. {@code state} uses the rollout states; {@code currentStage} is the stage
 * the release works on, bakes after or waits before (null before it started one); {@code windowOverride} the
 * emergency override of its windows, asked for and perhaps approved, or null.
 */
public record ReleaseDetails(String id, ReleasePlan plan, RolloutState state, String stateReason, String submittedBy,
                             Integer currentStage, List<StageStatus> stages, Instant createdAt, Instant updatedAt,
                             WindowOverride windowOverride) {

    public ReleaseDetails {
        stages = List.copyOf(stages);
    }

    public ReleaseDetails(String id, ReleasePlan plan, RolloutState state, String stateReason, String submittedBy,
                          Integer currentStage, List<StageStatus> stages, Instant createdAt, Instant updatedAt) {
        this(id, plan, state, stateReason, submittedBy, currentStage, stages, createdAt, updatedAt, null);
    }
}
