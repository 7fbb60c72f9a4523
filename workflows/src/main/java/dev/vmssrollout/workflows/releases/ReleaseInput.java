package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.release.ReleasePlan;

/**
 * Starts a release workflow.
 *
 * @param fourEyes         the submitter may not approve a stage of their own release (nor their rollouts' waves)
 * @param searchAttributes the namespace has this project's search attributes: the rollouts it starts carry them
 * @param resume           null for a new release; for a release whose workflow was lost, where it stood
 */
public record ReleaseInput(String releaseId, ReleasePlan plan, String submittedBy, boolean fourEyes,
                           boolean searchAttributes, ReleaseResume resume) {

    public ReleaseInput(String releaseId, ReleasePlan plan, String submittedBy, boolean fourEyes,
                        boolean searchAttributes) {
        this(releaseId, plan, submittedBy, fourEyes, searchAttributes, null);
    }

    public ReleaseInput resumingFrom(ReleaseResume where) {
        return new ReleaseInput(releaseId, plan, submittedBy, fourEyes, searchAttributes, where);
    }
}
