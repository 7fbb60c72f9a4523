package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.api.temporal.ApiRequests;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.InspectionRequest;
import dev.vmssrollout.workflows.RolloutFailure;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetInspectionWorkflow;
import dev.vmssrollout.workflows.TaskQueues;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs {@link ScaleSetInspectionWorkflow} on the rollout task queue and waits for its answer. */
@Component
class TemporalScaleSetInspector implements ScaleSetInspector {

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "inspection-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final WorkflowClient client;
    private final Duration timeout;
    private final ApiRequests requests;

    TemporalScaleSetInspector(WorkflowClient client, TemporalProperties properties, ApiRequests requests) {
        this.client = client;
        this.timeout = properties.inspectionTimeout();
        this.requests = requests;
    }

    @Override
    public ScaleSetInspection inspect(RolloutPlan plan) {
        return run(plan.target(), plan);
    }

    @Override
    public ScaleSetInspection read(ScaleSetRef scaleSet) {
        return run(scaleSet, null);
    }

    private ScaleSetInspection run(ScaleSetRef scaleSet, RolloutPlan plan) {
        ScaleSetInspectionWorkflow workflow = client.newWorkflowStub(ScaleSetInspectionWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId("inspect-" + UUID.randomUUID())
                        .setTaskQueue(TaskQueues.ROLLOUTS)
                        // A person waits for this: when no worker picks it up in time, say so rather than queue it.
                        .setWorkflowExecutionTimeout(timeout)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                        .build());
        // The server ends the workflow at the timeout; the client deadline only covers a server that never answers.
        Context.CancellableContext deadline = Context.current()
                .withDeadlineAfter(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
        // The worker reads the scale set only for a request recorded here first; an inspection names no person.
        String requestId = requests.record(ApiRequest.INSPECT, scaleSet.toString(), "api");
        InspectionRequest request = new InspectionRequest(scaleSet, plan, requestId);
        ScaleSetInspection inspection;
        try {
            inspection = deadline.call(() -> workflow.inspect(request));
        } catch (WorkflowFailedException failed) {
            throw translate(scaleSet, failed);
        } catch (WorkflowException e) {
            throw unavailable(e);
        } catch (RuntimeException e) {
            if (e instanceof StatusRuntimeException || e.getCause() instanceof StatusRuntimeException
                    || e instanceof CancellationException) {
                throw unavailable(e);
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("inspection of " + scaleSet + " failed", e);
        } finally {
            deadline.cancel(null);
            requests.forget(requestId);
        }
        if (inspection.refusal() != null) {
            throw refused(scaleSet, inspection.refusal());
        }
        return inspection;
    }

    /** Azure refused for a reason the user can fix: a 4xx for the user, nothing for the API's log. */
    private static RuntimeException refused(ScaleSetRef scaleSet, ScaleSetInspection.Refusal refusal) {
        if (RolloutFailure.SCALE_SET_NOT_FOUND.name().equals(refusal.failureType())) {
            return new ScaleSetNotFoundException(scaleSet, refusal.reason());
        }
        return new InspectionFailedException("reading scale set " + scaleSet + " failed: " + refusal.reason(),
                refusal.failureType(), null);
    }

    private RuntimeException translate(ScaleSetRef scaleSet, WorkflowFailedException failed) {
        for (Throwable t = failed.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure failure) {
                if (RolloutFailure.SCALE_SET_NOT_FOUND.name().equals(failure.getType())) {
                    return new ScaleSetNotFoundException(scaleSet, failure.getOriginalMessage());
                }
                return new InspectionFailedException("reading scale set " + scaleSet + " failed: "
                        + failure.getOriginalMessage(), failure.getType(), failed);
            }
            if (t instanceof TimeoutFailure) {
                return new TemporalUnavailableException("no worker read the scale set within " + timeout
                        + "; is the worker running?", failed);
            }
        }
        return new InspectionFailedException("reading scale set " + scaleSet + " failed: " + failed.getMessage(),
                null, failed);
    }

    private static TemporalUnavailableException unavailable(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new TemporalUnavailableException("Temporal cannot be reached (" + root.getMessage() + ")", cause);
    }
}
