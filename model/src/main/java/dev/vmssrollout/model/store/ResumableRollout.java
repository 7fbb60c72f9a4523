package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;

import java.time.Instant;

/**
 * A rollout that has not finished, with what the reconciler needs to restart its workflow.
 *
 * @param windowOverride the emergency override of its windows that was asked for (and perhaps approved), or null
 * @param unclaimedSince when it was stored, while no workflow run has claimed it yet (its starter, the API or a
 *                       release, may be starting it this moment); null once a run has
 * @param claimToken     the claim token last issued for it, as read; a reconciler issues the next one only while it
 *                       is still this one ({@link RolloutStore#reissueClaimToken})
 */
public record ResumableRollout(String rolloutId, RolloutPlan plan, String submittedBy, ResumePoint resumePoint,
                               WindowOverride windowOverride, Instant unclaimedSince, String claimToken) {

    public ResumableRollout(String rolloutId, RolloutPlan plan, String submittedBy, ResumePoint resumePoint) {
        this(rolloutId, plan, submittedBy, resumePoint, null, null, null);
    }

    /** The token is a secret: it stays out of logs and messages. */
    @Override
    public String toString() {
        return "ResumableRollout[" + rolloutId + ", " + resumePoint + "]";
    }
}
