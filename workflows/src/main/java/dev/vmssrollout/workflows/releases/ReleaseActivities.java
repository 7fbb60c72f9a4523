package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import io.temporal.activity.ActivityInterface;

/** What a release workflow writes to and reads from PostgreSQL. Every method is safe to retry. */
@ActivityInterface
public interface ReleaseActivities {

    /** Writes the release's state (only when it changed). */
    void recordReleaseState(String releaseId, RolloutState state, String reason, Integer currentStage);

    /** Stores the rollout (once per ID), links it to the release and issues its workflow's claim token. */
    RolloutStart.Answer startRollout(RolloutStart request);

    /**
     * The states their rows hold now: how a recovered release follows the rollouts it started before its workflow
     * was lost (one call for all of them, so the history grows with time, not with the number of scale sets).
     */
    StoredRollout.Batch rolloutStates(java.util.List<String> rolloutIds);
}
