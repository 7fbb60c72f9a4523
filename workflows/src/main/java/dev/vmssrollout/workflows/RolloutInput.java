package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ResumePoint;

/**
 * Starts a rollout workflow. {@code resume} is null for a new rollout; the reconciler fills it
 * from the database when it restarts a rollout whose workflow was lost.
 *
 * @param fourEyes          the submitter may not approve their own rollout
 * @param searchAttributes  the Temporal namespace has this project's custom search attributes registered
 * @param windowOverride    an approved emergency override that a continued run keeps (null otherwise)
 */
public record RolloutInput(String rolloutId, RolloutPlan plan, String submittedBy, boolean fourEyes,
                           boolean searchAttributes, ResumePoint resume, WindowOverride windowOverride) {

    public RolloutInput(String rolloutId, RolloutPlan plan, String submittedBy, boolean fourEyes,
                        boolean searchAttributes, ResumePoint resume) {
        this(rolloutId, plan, submittedBy, fourEyes, searchAttributes, resume, null);
    }
}
