package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;

import java.time.Instant;
import java.util.List;

/**
 * A release as its workflow sees it now.
 *
 * @param currentStage the stage being worked on, baked after or waited before (null before the first)
 * @param bakingUntil  while a stage bakes: when the next may start; null otherwise
 */
public record ReleaseProgress(String releaseId, RolloutState state, String reason, Integer currentStage,
                              Instant bakingUntil, List<ScaleSetProgress> scaleSets) {

    public ReleaseProgress {
        scaleSets = List.copyOf(scaleSets);
    }
}
