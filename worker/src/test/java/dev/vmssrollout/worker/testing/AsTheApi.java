package dev.vmssrollout.worker.testing;

import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.WorkflowGuard;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.OverrideApproval;
import dev.vmssrollout.workflows.OverrideRequest;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.RolloutProgress;
import dev.vmssrollout.workflows.RolloutWorkflow;
import io.temporal.client.WorkflowClient;
import dev.vmssrollout.workflows.TaskQueues;

import java.util.UUID;

/**
 * A rollout workflow as the API drives it: every approval and operator action is written to the
 * database first and names that row, so the worker accepts it as the API's own (SECURITY.md).
 */
public final class AsTheApi implements RolloutWorkflow {

    private final WorkflowGuard store;
    private final RolloutWorkflow stub;
    private final String rolloutId;

    private AsTheApi(WorkflowGuard store, RolloutWorkflow stub, String rolloutId) {
        this.store = store;
        this.stub = stub;
        this.rolloutId = rolloutId;
    }

    public static RolloutWorkflow workflow(WorkflowGuard store, WorkflowClient client, String rolloutId) {
        return new AsTheApi(store, client.newWorkflowStub(RolloutWorkflow.class, TaskQueues.workflowId(rolloutId)), rolloutId);
    }

    private String request(String action, String actor) {
        String id = UUID.randomUUID().toString();
        store.recordRequest(new ApiRequest(id, action, rolloutId, actor));
        return id;
    }

    private OperatorCommand recorded(String action, OperatorCommand command) {
        return new OperatorCommand(command.actor(), command.reason(), request(action, command.actor()));
    }

    @Override
    public RolloutProgress run(RolloutInput input) {
        throw new UnsupportedOperationException("start rollouts with Submissions.submit");
    }

    @Override
    public RolloutProgress approve(ApproveWave request) {
        return stub.approve(new ApproveWave(request.approver(), request.wave(), request.comment(),
                request("approve", request.approver())));
    }

    @Override
    public void validateApprove(ApproveWave request) {
        throw new UnsupportedOperationException("the workflow's validator runs inside the workflow");
    }

    @Override
    public void approveSignal(ApproveWave request) {
        stub.approveSignal(new ApproveWave(request.approver(), request.wave(), request.comment(),
                request("approve", request.approver())));
    }

    @Override
    public void pause(OperatorCommand command) {
        stub.pause(recorded("pause", command));
    }

    @Override
    public void resume(OperatorCommand command) {
        stub.resume(recorded("resume", command));
    }

    @Override
    public void retryWave(OperatorCommand command) {
        stub.retryWave(recorded("retryWave", command));
    }

    @Override
    public void cancel(OperatorCommand command) {
        stub.cancel(recorded("cancel", command));
    }

    @Override
    public void rollback(OperatorCommand command) {
        stub.rollback(recorded("rollback", command));
    }

    @Override
    public RolloutProgress requestOverride(OverrideRequest request) {
        return stub.requestOverride(new OverrideRequest(request.actor(), request.reason(),
                request("requestOverride", request.actor())));
    }

    @Override
    public void validateRequestOverride(OverrideRequest request) {
        throw new UnsupportedOperationException("the workflow's validator runs inside the workflow");
    }

    @Override
    public RolloutProgress approveOverride(OverrideApproval approval) {
        return stub.approveOverride(new OverrideApproval(approval.approver(), approval.comment(),
                request("approveOverride", approval.approver())));
    }

    @Override
    public void validateApproveOverride(OverrideApproval approval) {
        throw new UnsupportedOperationException("the workflow's validator runs inside the workflow");
    }

    @Override
    public void calendarChanged() {
        stub.calendarChanged(); // only makes a waiting rollout look at its windows again: no request row needed
    }

    @Override
    public RolloutProgress progress() {
        return stub.progress();
    }
}
