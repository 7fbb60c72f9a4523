package dev.vmssrollout.worker.testing;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.RolloutWorkflowOptions;
import io.temporal.client.WorkflowClient;

import java.time.Instant;
import java.util.UUID;

/** Submits rollouts in the worker's tests as the API does: the row first, then the workflow. */
public final class Submissions {

    private Submissions() {
    }

    /** Returns the new rollout's ID. */
    public static String submit(RolloutStore store, WorkflowClient client, RolloutPlan plan, String submitter) {
        String id = UUID.randomUUID().toString();
        RolloutPlan complete = plan.withDefaults();
        store.create(new NewRollout(id, complete, submitter, null, Instant.now()));
        RolloutWorkflow workflow = client.newWorkflowStub(RolloutWorkflow.class,
                RolloutWorkflowOptions.forRollout(id, complete, false));
        WorkflowClient.start(workflow::run, new RolloutInput(id, complete, submitter, true, false, null, null,
                store.issueClaimToken(id)));
        return id;
    }
}
