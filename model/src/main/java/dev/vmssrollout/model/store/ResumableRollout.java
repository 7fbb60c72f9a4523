package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;

/**
 * A rollout that has not finished, with what the reconciler needs to restart its workflow.
 *
 * @param windowOverride the emergency override of its windows that was asked for (and perhaps approved), or null
 */
public record ResumableRollout(String rolloutId, RolloutPlan plan, String submittedBy, ResumePoint resumePoint,
                               WindowOverride windowOverride) {

    public ResumableRollout(String rolloutId, RolloutPlan plan, String submittedBy, ResumePoint resumePoint) {
        this(rolloutId, plan, submittedBy, resumePoint, null);
    }
}
