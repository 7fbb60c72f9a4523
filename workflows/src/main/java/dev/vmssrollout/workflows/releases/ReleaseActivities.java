package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.schedule.WindowOverride;
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

    /** Writes the emergency override of the release's windows as it stands (asked for, then approved). */
    void recordReleaseOverride(String releaseId, WindowOverride override);

    /**
     * Applies the release's approved override to one of its rollouts, as its requester and approver would through the
     * API (a request row, then the rollout's own Update, for each): the rollout records both and runs outside its
     * windows. A rollout that has ended, has no schedule or already has an override keeps what it has.
     *
     * @return what came of it, in words, for the release's log
     */
    String overrideRollout(String releaseId, String rolloutId, WindowOverride override);
}
