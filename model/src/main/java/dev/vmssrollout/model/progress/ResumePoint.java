package dev.vmssrollout.model.progress;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;

import java.util.List;

/**
 * What the database knows of a rollout whose workflow was lost, enough to carry on from it alone.
 *
 * @param baseline           null when the rollout had not passed preflight
 * @param wavePlan           null when the waves had not been planned
 * @param completedWaves     how many waves (from the first) completed and must not be upgraded again
 * @param state              the state last recorded
 * @param nextSeq            the seq the next recorded event gets
 * @param approvedWaves      wave indexes already approved
 */
public record ResumePoint(ProgressEvent.Baseline baseline, WavePlan wavePlan, int completedWaves,
                          RolloutState state, long nextSeq, List<Integer> approvedWaves) {

    public ResumePoint {
        approvedWaves = approvedWaves == null ? List.of() : List.copyOf(approvedWaves);
    }
}
