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
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetListRequest;
import dev.vmssrollout.workflows.ScaleSetListWorkflow;
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
import java.util.function.Function;

/** Runs {@link ScaleSetInspectionWorkflow} or {@link ScaleSetListWorkflow} on the rollout task queue and waits for its answer. */
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

    @Override
    public ScaleSetList list(String subscriptionId, String resourceGroup) {
        ScaleSetListWorkflow workflow = client.newWorkflowStub(ScaleSetListWorkflow.class, options("list-scalesets-"));
        ScaleSetListRequest asked = new ScaleSetListRequest(subscriptionId, resourceGroup, null);
        String what = "listing the scale sets of " + asked.subject();
        return call(what, ApiRequest.LIST_SCALE_SETS, asked.subject(),
                requestId -> workflow.list(new ScaleSetListRequest(subscriptionId, resourceGroup, requestId)),
                reason -> new InspectionFailedException(what + " failed: " + reason,
                        RolloutFailure.SCALE_SET_NOT_FOUND.name(), null));
    }

    private ScaleSetInspection run(ScaleSetRef scaleSet, RolloutPlan plan) {
        ScaleSetInspectionWorkflow workflow = client.newWorkflowStub(ScaleSetInspectionWorkflow.class, options("inspect-"));
        ScaleSetInspection inspection = call("reading scale set " + scaleSet, ApiRequest.INSPECT, scaleSet.toString(),
                requestId -> workflow.inspect(new InspectionRequest(scaleSet, plan, requestId)),
                reason -> new ScaleSetNotFoundException(scaleSet, reason));
        if (inspection.refusal() != null) {
            throw refused(scaleSet, inspection.refusal());
        }
        return inspection;
    }

    private WorkflowOptions options(String idPrefix) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(idPrefix + UUID.randomUUID())
                .setTaskQueue(TaskQueues.ROLLOUTS)
                // A person waits for this: when no worker picks it up in time, say so rather than queue it.
                .setWorkflowExecutionTimeout(timeout)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
    }

    /**
     * Records the API's request (the worker acts only for one), runs {@code workflow} with it and translates what can
     * go wrong: {@code notFound} makes the exception for Azure's 404 from the reason Azure gave.
     */
    private <T> T call(String what, String action, String subject, Function<String, T> workflow,
                       Function<String, RuntimeException> notFound) {
        // The server ends the workflow at the timeout; the client deadline only covers a server that never answers.
        Context.CancellableContext deadline = Context.current()
                .withDeadlineAfter(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
        // An inspection or a list names no person: the API asks for it on behalf of whoever is signed in.
        String requestId = requests.record(action, subject, "api");
        try {
            return deadline.call(() -> workflow.apply(requestId));
        } catch (WorkflowFailedException failed) {
            throw translate(what, failed, notFound);
        } catch (WorkflowException e) {
            throw unavailable(e);
        } catch (RuntimeException e) {
            if (e instanceof StatusRuntimeException || e.getCause() instanceof StatusRuntimeException
                    || e instanceof CancellationException) {
                throw unavailable(e);
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        } finally {
            deadline.cancel(null);
            requests.forget(requestId);
        }
    }

    /** Azure refused for a reason the user can fix: a 4xx for the user, nothing for the API's log. */
    private static RuntimeException refused(ScaleSetRef scaleSet, ScaleSetInspection.Refusal refusal) {
        if (RolloutFailure.SCALE_SET_NOT_FOUND.name().equals(refusal.failureType())) {
            return new ScaleSetNotFoundException(scaleSet, refusal.reason());
        }
        return new InspectionFailedException("reading scale set " + scaleSet + " failed: " + refusal.reason(),
                refusal.failureType(), null);
    }

    private RuntimeException translate(String what, WorkflowFailedException failed,
                                       Function<String, RuntimeException> notFound) {
        for (Throwable t = failed.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure failure) {
                if (RolloutFailure.SCALE_SET_NOT_FOUND.name().equals(failure.getType())) {
                    return notFound.apply(failure.getOriginalMessage());
                }
                return new InspectionFailedException(what + " failed: " + failure.getOriginalMessage(),
                        failure.getType(), failed);
            }
            if (t instanceof TimeoutFailure) {
                return new TemporalUnavailableException("no worker took up " + what + " within " + timeout
                        + "; is the worker running?", failed);
            }
        }
        return new InspectionFailedException(what + " failed: " + failed.getMessage(), null, failed);
    }

    private static TemporalUnavailableException unavailable(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new TemporalUnavailableException("Temporal cannot be reached (" + root.getMessage() + ")", cause);
    }
}
