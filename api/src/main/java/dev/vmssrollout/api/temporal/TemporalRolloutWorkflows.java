package dev.vmssrollout.api.temporal;

import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OverrideApproval;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.RolloutProgress;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.RolloutWorkflowOptions;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;

import java.time.Duration;
import java.util.Optional;

/** {@link RolloutWorkflows} over a Temporal {@link WorkflowClient}. */
class TemporalRolloutWorkflows implements RolloutWorkflows {

    private final WorkflowClient client;
    private final Duration rpcTimeout;

    TemporalRolloutWorkflows(WorkflowClient client, TemporalProperties properties) {
        this.client = client;
        this.rpcTimeout = properties.rpcTimeout();
    }

    @Override
    public boolean start(RolloutInput input) {
        return startWith(input, RolloutWorkflowOptions.forRollout(input.rolloutId(), input.plan(), input.searchAttributes()));
    }

    @Override
    public boolean restart(RolloutInput input) {
        return startWith(input, RolloutWorkflowOptions.forRecovery(input.rolloutId(), input.plan(), input.searchAttributes()));
    }

    private boolean startWith(RolloutInput input, WorkflowOptions options) {
        RolloutWorkflow workflow = client.newWorkflowStub(RolloutWorkflow.class, options);
        try {
            TemporalCalls.within(rpcTimeout, "starting workflow " + options.getWorkflowId(),
                    () -> WorkflowClient.start(workflow::run, input));
            return true;
        } catch (WorkflowExecutionAlreadyStarted taken) {
            return false;
        }
    }

    @Override
    public void approve(String rolloutId, ApproveWave approval) {
        update(rolloutId, "approve", "the approval of rollout " + rolloutId, approval);
    }

    @Override
    public void windowOverride(String rolloutId, Object request) {
        String name = request instanceof OverrideApproval ? "approveOverride" : "requestOverride";
        update(rolloutId, name, "the override of rollout " + rolloutId, request);
    }

    @Override
    public void calendarChanged(String rolloutId) {
        WorkflowStub stub = stub(rolloutId);
        try {
            TemporalCalls.within(rpcTimeout, "the calendar signal to rollout " + rolloutId, () -> {
                stub.signal("calendarChanged");
                return null;
            });
        } catch (WorkflowNotFoundException gone) {
            throw gone(rolloutId);
        }
    }

    private void update(String rolloutId, String name, String what, Object argument) {
        WorkflowStub stub = stub(rolloutId);
        try {
            TemporalCalls.within(rpcTimeout, what, () -> stub.update(name, RolloutProgress.class, argument));
        } catch (WorkflowUpdateException rejected) {
            throw rejection(rejected);
        } catch (WorkflowNotFoundException gone) {
            throw gone(rolloutId);
        } catch (RuntimeException e) {
            if (TemporalCalls.isNotFound(e)) {
                throw gone(rolloutId);
            }
            throw e;
        }
    }

    @Override
    public void signal(String rolloutId, Signal signal, OperatorCommand command) {
        WorkflowStub stub = stub(rolloutId);
        String name = signal.signalName();
        try {
            TemporalCalls.within(rpcTimeout, "the " + name + " signal to rollout " + rolloutId, () -> {
                stub.signal(name, command);
                return null;
            });
        } catch (WorkflowNotFoundException gone) {
            throw gone(rolloutId);
        }
    }

    @Override
    public WorkflowStatus status(String rolloutId) {
        return WorkflowStatuses.of(client, TaskQueues.workflowId(rolloutId), rpcTimeout);
    }

    @Override
    public Optional<Termination> termination(String rolloutId) {
        String workflowId = TaskQueues.workflowId(rolloutId);
        WorkflowExecutionHistory history = TemporalCalls.within(rpcTimeout, "reading the history of rollout " + rolloutId,
                () -> client.fetchHistory(workflowId));
        return history.getEvents().stream()
                .filter(HistoryEvent::hasWorkflowExecutionTerminatedEventAttributes)
                .reduce((first, last) -> last)
                .map(HistoryEvent::getWorkflowExecutionTerminatedEventAttributes)
                .map(terminated -> new Termination(orNull(terminated.getIdentity()), orNull(terminated.getReason())));
    }

    private static String orNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private WorkflowStub stub(String rolloutId) {
        return client.newUntypedWorkflowStub(TaskQueues.workflowId(rolloutId), Optional.empty(), Optional.empty());
    }

    private static WorkflowGoneException gone(String rolloutId) {
        return new WorkflowGoneException("rollout " + rolloutId + " has no running workflow");
    }

    private static UpdateRejectedException rejection(WorkflowUpdateException rejected) {
        for (Throwable t = rejected.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure failure) {
                boolean badRequest = failure.getType() != null && failure.getType().endsWith("IllegalArgumentException");
                return new UpdateRejectedException(failure.getOriginalMessage(), badRequest);
            }
        }
        return new UpdateRejectedException(rejected.getMessage(), false);
    }
}
