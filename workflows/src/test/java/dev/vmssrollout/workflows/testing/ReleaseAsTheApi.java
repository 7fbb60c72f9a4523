package dev.vmssrollout.workflows.testing;

import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.ReleaseProgress;
import dev.vmssrollout.workflows.releases.ReleaseWorkflow;
import dev.vmssrollout.workflows.releases.StageApproval;
import io.temporal.client.WorkflowClient;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * A release workflow as the API drives it: every stage approval and operator action is written as a request row
 * first and names that row, so the worker takes it as the API's own (docs/security.md).
 */
public final class ReleaseAsTheApi implements ReleaseWorkflow {

    private final Consumer<ApiRequest> rows;
    private final ReleaseWorkflow stub;
    private final String releaseId;

    private ReleaseAsTheApi(Consumer<ApiRequest> rows, ReleaseWorkflow stub, String releaseId) {
        this.rows = rows;
        this.stub = stub;
        this.releaseId = releaseId;
    }

    /** @param rows where the API's request rows are written (a WorkflowGuard's recordRequest) */
    public static ReleaseWorkflow workflow(Consumer<ApiRequest> rows, WorkflowClient client, String releaseId) {
        return new ReleaseAsTheApi(rows, client.newWorkflowStub(ReleaseWorkflow.class,
                TaskQueues.releaseWorkflowId(releaseId)), releaseId);
    }

    private String request(String signal, String actor) {
        String id = UUID.randomUUID().toString();
        rows.accept(new ApiRequest(id, REQUEST_ACTION_PREFIX + signal, releaseId, actor));
        return id;
    }

    private OperatorCommand recorded(String signal, OperatorCommand command) {
        return new OperatorCommand(command.actor(), command.reason(), request(signal, command.actor()));
    }

    @Override
    public ReleaseProgress run(ReleaseInput input) {
        throw new UnsupportedOperationException("start releases as the API does: store the row, then the workflow");
    }

    @Override
    public void approveStage(StageApproval approval) {
        stub.approveStage(new StageApproval(approval.stage(), approval.approver(), approval.comment(),
                request("approveStage", approval.approver())));
    }

    @Override
    public void resume(OperatorCommand command) {
        stub.resume(recorded("resume", command));
    }

    @Override
    public void retryFailed(OperatorCommand command) {
        stub.retryFailed(recorded("retryFailed", command));
    }

    @Override
    public void rollback(OperatorCommand command) {
        stub.rollback(recorded("rollback", command));
    }

    @Override
    public void abort(OperatorCommand command) {
        stub.abort(recorded("abort", command));
    }

    @Override
    public void requestOverride(OperatorCommand command) {
        stub.requestOverride(recorded("requestOverride", command));
    }

    @Override
    public void approveOverride(OperatorCommand command) {
        stub.approveOverride(recorded("approveOverride", command));
    }

    @Override
    public ReleaseProgress progress() {
        return stub.progress();
    }
}
