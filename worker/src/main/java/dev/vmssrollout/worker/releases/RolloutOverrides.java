package dev.vmssrollout.worker.releases;

import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.workflows.OverrideApproval;
import dev.vmssrollout.workflows.OverrideRequest;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gives a rollout of a release the release's approved emergency override, as its requester and its approver would
 * through the API: for each, a request row naming them, then the rollout's own Update. The rollout records who asked,
 * why (the release named first) and who approved, and its windows no longer hold it; a reconciled run reads the
 * override back from those events. A rollout whose workflow is not running yet makes the activity fail, to be tried
 * again.
 */
final class RolloutOverrides {

    private final RolloutStore rollouts;
    private final WorkflowClient temporal;

    RolloutOverrides(RolloutStore rollouts, WorkflowClient temporal) {
        this.rollouts = rollouts;
        this.temporal = temporal;
    }

    /** @return what came of it, in words */
    String apply(String releaseId, String rolloutId, WindowOverride override) {
        Optional<RolloutDetails> rollout = rollouts.find(rolloutId);
        if (rollout.isEmpty()) {
            return "no rollout " + rolloutId;
        }
        if (rollout.get().state().isTerminal()) {
            return "not needed: it has ended (" + rollout.get().state() + ")";
        }
        if (rollout.get().plan().schedule() == null) {
            return "not needed: it has no schedule";
        }
        RolloutWorkflow workflow = temporal.newWorkflowStub(RolloutWorkflow.class, TaskQueues.workflowId(rolloutId));
        String asked = update("request", () -> workflow.requestOverride(new OverrideRequest(override.requestedBy(),
                "release " + releaseId + ": " + override.reason(),
                request("requestOverride", rolloutId, override.requestedBy()))));
        String approved = update("approval", () -> workflow.approveOverride(new OverrideApproval(override.approvedBy(),
                "for release " + releaseId, request("approveOverride", rolloutId, override.approvedBy()))));
        return asked + "; " + approved;
    }

    private String request(String action, String rolloutId, String actor) {
        String id = UUID.randomUUID().toString();
        rollouts.recordRequest(new ApiRequest(id, action, rolloutId, actor));
        return id;
    }

    /** A rollout that refuses (it has its own override already, or has just ended) keeps what it has. */
    private static String update(String what, Supplier<?> call) {
        try {
            call.get();
            return what + " accepted";
        } catch (WorkflowUpdateException refused) {
            Throwable cause = refused.getCause() == null ? refused : refused.getCause();
            return what + " refused: " + cause.getMessage();
        }
    }
}
