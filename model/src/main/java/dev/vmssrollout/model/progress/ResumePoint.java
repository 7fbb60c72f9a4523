package dev.vmssrollout.model.progress;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;

import java.util.List;

/**
 * What a rollout workflow needs to carry on from where another run of it stopped: built by the
 * reconciler from the database when a workflow was lost, and by the workflow itself when it
 * continues as new.
 *
 * @param baseline           null when the rollout had not passed preflight
 * @param wavePlan           null when the waves had not been planned
 * @param completedWaves     how many waves (from the first) completed and must not be upgraded again
 * @param state              the state last recorded
 * @param nextSeq            the seq the next recorded event gets
 * @param approvedWaves      wave indexes already approved
 * @param failedWave         the wave that failed and waits for an operator's decision (state PAUSED
 *                           after a failure), or null; it is the wave at index {@code completedWaves}
 * @param continuedAsNew     the workflow itself handed over to a new run: nothing was lost, so no
 *                           RECOVERED event and no re-check of the model
 * @param acceptedFailedWaves waves before {@code completedWaves} that failed and an operator accepted (resume):
 *                           they stay failed in the record and are not run again
 * @param pending            operator requests recorded but not yet carried out; null reads as none
 */
public record ResumePoint(ProgressEvent.Baseline baseline, WavePlan wavePlan, int completedWaves,
                          RolloutState state, long nextSeq, List<Integer> approvedWaves,
                          Integer failedWave, boolean continuedAsNew, List<Integer> acceptedFailedWaves,
                          PendingRequests pending) {

    public ResumePoint {
        approvedWaves = approvedWaves == null ? List.of() : List.copyOf(approvedWaves);
        acceptedFailedWaves = acceptedFailedWaves == null ? List.of() : List.copyOf(acceptedFailedWaves);
        pending = pending == null ? PendingRequests.NONE : pending;
    }

    public ResumePoint(ProgressEvent.Baseline baseline, WavePlan wavePlan, int completedWaves,
                       RolloutState state, long nextSeq, List<Integer> approvedWaves,
                       Integer failedWave, boolean continuedAsNew) {
        this(baseline, wavePlan, completedWaves, state, nextSeq, approvedWaves, failedWave, continuedAsNew,
                List.of(), PendingRequests.NONE);
    }

    /** A resume point of a lost workflow, as the reconciler builds it from the database. */
    public ResumePoint(ProgressEvent.Baseline baseline, WavePlan wavePlan, int completedWaves,
                       RolloutState state, long nextSeq, List<Integer> approvedWaves) {
        this(baseline, wavePlan, completedWaves, state, nextSeq, approvedWaves, null, false);
    }
}
