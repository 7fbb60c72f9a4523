package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ResumePoint;

/** A rollout that has not finished, with what the reconciler needs to restart its workflow. */
public record ResumableRollout(String rolloutId, RolloutPlan plan, String submittedBy, ResumePoint resumePoint) {
}
