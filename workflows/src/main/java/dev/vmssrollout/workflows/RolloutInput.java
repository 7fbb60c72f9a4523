package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;

/**
 * Starts a rollout workflow. {@code resume} is null for a new rollout; the reconciler fills it
 * from the database when it restarts a rollout whose workflow was lost.
 *
 * @param fourEyes          the submitter may not approve their own rollout
 * @param searchAttributes  the Temporal namespace has this project's custom search attributes registered
 * @param windowOverride    an approved emergency override that a continued run keeps (null otherwise)
 * @param claimToken        the token the API or reconciler wrote to the rollout's row before starting this run;
 *                          the run's first activity presents it (SECURITY.md, "the Temporal side door")
 */
public record RolloutInput(String rolloutId, RolloutPlan plan, String submittedBy, boolean fourEyes,
                           boolean searchAttributes, ResumePoint resume, WindowOverride windowOverride,
                           String claimToken) {

    /** An input without a claim token: only histories recorded before claims, and tests of them, have one. */
    public RolloutInput(String rolloutId, RolloutPlan plan, String submittedBy, boolean fourEyes,
                        boolean searchAttributes, ResumePoint resume) {
        this(rolloutId, plan, submittedBy, fourEyes, searchAttributes, resume, null, null);
    }

    public RolloutInput(String rolloutId, RolloutPlan plan, String submittedBy, boolean fourEyes,
                        boolean searchAttributes, ResumePoint resume, WindowOverride windowOverride) {
        this(rolloutId, plan, submittedBy, fourEyes, searchAttributes, resume, windowOverride, null);
    }

    public RolloutInput withClaimToken(String token) {
        return new RolloutInput(rolloutId, plan, submittedBy, fourEyes, searchAttributes, resume, windowOverride, token);
    }
}
