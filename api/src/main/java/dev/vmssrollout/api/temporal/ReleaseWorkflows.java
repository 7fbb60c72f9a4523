package dev.vmssrollout.api.temporal;

import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.ReleaseWorkflow;
import dev.vmssrollout.workflows.releases.ReleaseWorkflowOptions;
import dev.vmssrollout.workflows.releases.StageApproval;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Starts and signals release workflows, each call within the API's Temporal deadline. Every approval and operator
 * action is written as a request row first ({@link ApiRequests}) and names it, so the worker can tell it from a
 * signal sent straight to Temporal.
 */
@Component
public class ReleaseWorkflows {

    /** The release workflow's signals, by the action names of the REST API. */
    public enum Signal {
        RESUME("resume"), RETRY("retryFailed"), ROLLBACK("rollback"), ABORT("abort");

        private final String signalName;

        Signal(String signalName) {
            this.signalName = signalName;
        }
    }

    private final WorkflowClient client;
    private final Duration rpcTimeout;
    private final ApiRequests requests;

    public ReleaseWorkflows(WorkflowClient client, TemporalProperties properties, ApiRequests requests) {
        this.client = client;
        this.rpcTimeout = properties.rpcTimeout();
        this.requests = requests;
    }

    /** @return false when the release's workflow was started before */
    public boolean start(ReleaseInput input) {
        ReleaseWorkflow workflow = client.newWorkflowStub(ReleaseWorkflow.class,
                ReleaseWorkflowOptions.forRelease(input.releaseId(), input));
        try {
            TemporalCalls.within(rpcTimeout, "starting release " + input.releaseId(),
                    () -> WorkflowClient.start(workflow::run, input));
            return true;
        } catch (WorkflowExecutionAlreadyStarted e) {
            return false;
        }
    }

    /** What Temporal knows of the release's workflow: the reconciler starts a new run when it has none. */
    public WorkflowStatus status(String releaseId) {
        return WorkflowStatuses.of(client, TaskQueues.releaseWorkflowId(releaseId), rpcTimeout);
    }

    public void signal(String releaseId, Signal signal, OperatorCommand command) {
        send(releaseId, signal.signalName, new OperatorCommand(command.actor(), command.reason(),
                request(releaseId, signal.signalName, command.actor())));
    }

    public void approveStage(String releaseId, StageApproval approval) {
        send(releaseId, "approveStage", new StageApproval(approval.stage(), approval.approver(), approval.comment(),
                request(releaseId, "approveStage", approval.approver())));
    }

    /** {@code requestOverride} or {@code approveOverride}: the command's reason is the request's reason or the approval's comment. */
    public void windowOverride(String releaseId, String signalName, OperatorCommand command) {
        send(releaseId, signalName, new OperatorCommand(command.actor(), command.reason(),
                request(releaseId, signalName, command.actor())));
    }

    private String request(String releaseId, String signalName, String actor) {
        return requests.record(ReleaseWorkflow.REQUEST_ACTION_PREFIX + signalName, releaseId, actor);
    }

    private void send(String releaseId, String name, Object argument) {
        WorkflowStub stub = client.newUntypedWorkflowStub(TaskQueues.releaseWorkflowId(releaseId));
        try {
            TemporalCalls.within(rpcTimeout, "the " + name + " signal to release " + releaseId, () -> {
                stub.signal(name, argument);
                return null;
            });
        } catch (WorkflowNotFoundException gone) {
            throw new WorkflowGoneException("release " + releaseId + " has no running workflow: it has ended");
        }
    }
}
