package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.rollouts.RolloutRequest;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.schedule.WindowOverride;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/releases/{id}}: the release's state (the rollout states), and each stage's scale sets with the
 * rollouts the release started for them and those rollouts' own recorded states.
 */
public record ReleaseView(String id, RolloutState state, String reason, String submittedBy, Integer currentStage,
                          RolloutRequest plan, boolean allowPairedRegionsInStage, List<Stage> stages,
                          Instant createdAt, Instant updatedAt, Links links,
                          @Schema(description = "the emergency override of the plan's windows: who asked, why, and who "
                                  + "approved it (null while it waits); null when none was asked for")
                          WindowOverride windowOverride) {

    public record Stage(int index, String name, int maxConcurrent, Duration bakeTime, boolean approvalRequired,
                        List<ScaleSet> scaleSets) {
    }

    /**
     * @param rollout the latest rollout that upgraded it (its own page and controls), null before the release reached it
     */
    public record ScaleSet(String subscriptionId, String resourceGroup, String scaleSet, String region,
                           String rolloutId, RolloutState rolloutState, String rollout,
                           String rollbackRolloutId, RolloutState rollbackState) {
    }

    public record Links(String self) {
    }
}
