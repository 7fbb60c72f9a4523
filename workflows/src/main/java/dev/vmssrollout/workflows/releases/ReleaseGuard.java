package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.workflows.ChannelVerdict;
import dev.vmssrollout.workflows.RolloutActivityOptions;
import dev.vmssrollout.workflows.WorkflowGuardActivities;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * The release workflow's check against the Temporal side door (docs/security.md), as rollouts have it: every stage
 * approval and operator action says where it came from before it is acted on. The API writes a request row first and
 * sends its ID; a signal sent straight to Temporal has none, and the worker's {@code VMSS_TEMPORAL_DIRECT_ACTIONS}
 * decides (refused by default; accepted, the name is recorded as claimed: "bob (via Temporal)").
 */
final class ReleaseGuard {

    /** Workflow.getVersion change ID: releases signalled before the check replay without it. */
    static final String CHANGE_ID = "release-guard";

    private static final Logger log = Workflow.getLogger(ReleaseGuard.class);

    private final ReleaseData data;
    private final String releaseId;
    private final WorkflowGuardActivities guard;
    private String lastRefusal;

    ReleaseGuard(ReleaseData data) {
        this.data = data;
        this.releaseId = data.input.releaseId();
        this.guard = Workflow.newActivityStub(WorkflowGuardActivities.class,
                RolloutActivityOptions.onRolloutWorkers(RolloutActivityOptions.guard()));
    }

    /**
     * @param action the signal's name ("approveStage", "resume", ...)
     * @return the actor as the action is to be recorded, or null when it is refused
     */
    String admit(String action, String actor, String requestId) {
        if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return actor;
        }
        ChannelVerdict verdict;
        data.checksInFlight++;
        try {
            verdict = guard.checkOperatorAction(releaseId, ReleaseWorkflow.REQUEST_ACTION_PREFIX + action, actor,
                    requestId);
        } finally {
            data.checksInFlight--;
        }
        String who = Identity.isBlank(actor) ? "an unnamed operator" : actor.strip();
        if (!verdict.accepted()) {
            lastRefusal = action + " from " + who + ": " + verdict.refusal();
            log.warn("release {}: {} refused", releaseId, lastRefusal);
            Workflow.setCurrentDetails("last refused: " + lastRefusal);
            return null;
        }
        return ChannelVerdict.TEMPORAL.equals(verdict.channel()) ? ChannelVerdict.viaTemporal(actor) : actor;
    }

    /** Why the last approval or action was refused; null when none was. */
    String lastRefusal() {
        return lastRefusal;
    }

    /**
     * Waits for the verdicts of approvals and actions being checked (or an abort or rollback that comes meanwhile): an
     * abort sent while a rollout ran must stop the next one from starting, not the one after.
     */
    static void awaitChecks(ReleaseData data) {
        Workflow.await(() -> data.checksInFlight == 0 || data.stopRequested());
    }
}
