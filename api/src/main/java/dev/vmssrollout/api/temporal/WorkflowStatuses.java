package dev.vmssrollout.api.temporal;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;

import java.time.Duration;
import java.util.Optional;

/** What Temporal knows of a workflow by its ID, for the reconcilers of rollouts and releases. */
final class WorkflowStatuses {

    private WorkflowStatuses() {
    }

    static WorkflowStatus of(WorkflowClient client, String workflowId, Duration rpcTimeout) {
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
        try {
            WorkflowExecutionStatus status = TemporalCalls.within(rpcTimeout, "describing workflow " + workflowId,
                    () -> stub.describe().getStatus());
            return switch (status) {
                case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW -> WorkflowStatus.RUNNING;
                case WORKFLOW_EXECUTION_STATUS_COMPLETED -> WorkflowStatus.COMPLETED;
                case WORKFLOW_EXECUTION_STATUS_TERMINATED -> WorkflowStatus.TERMINATED;
                case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> WorkflowStatus.KILLED;
                default -> WorkflowStatus.FAILED;
            };
        } catch (WorkflowNotFoundException missing) {
            return WorkflowStatus.NOT_FOUND;
        } catch (RuntimeException e) {
            if (TemporalCalls.isNotFound(e)) {
                return WorkflowStatus.NOT_FOUND;
            }
            throw e;
        }
    }
}
