package dev.vmssrollout.workflows;

import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import io.temporal.activity.ActivityInterface;

/**
 * What a workflow checks in PostgreSQL before it acts, because anyone who can write to the
 * Temporal namespace can start it or signal it (SECURITY.md, "the Temporal side door").
 */
@ActivityInterface
public interface WorkflowGuardActivities {

    /** The rollout run's first activity; nothing touches Azure unless it is granted. */
    ClaimVerdict claimRollout(RolloutClaim claim);

    /**
     * Where an operator action or approval came from, and whether the worker's setting lets it in.
     *
     * @param subject the rollout's ID, or the release's
     * @param action  the signal or update name ("approve", "pause", ...; a release's carry
     *                {@code ReleaseWorkflow.REQUEST_ACTION_PREFIX}: "release.abort")
     */
    ChannelVerdict checkOperatorAction(String subject, String action, String actor, String requestId);

    /** @return why the worker refuses to read the scale set, or null for a request the API made */
    String checkInspection(InspectionRequest request);

    /** @return why the worker refuses to list scale sets, or null for a request the API made */
    String checkScaleSetList(ScaleSetListRequest request);
}
