package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * What the rollout believes about the scale set, checked against Azure: someone else may change
 * the model (the portal, a pipeline, Terraform) or the instances (autoscale, a person) while a
 * rollout runs, and the rollout must neither report their image as its own nor overwrite it.
 */
final class ModelWatch {

    /**
     * How old a look at the scale set (the model found holding the target, or a wave's last health poll) may be and
     * still stand for a new one before the next wave or the final check: about what a check before a wave always had
     * (progress writes, the other check). Beyond that (a pause, an approval, a window, an analysis) Azure is read again.
     */
    static final long FRESH_MILLIS = 30_000;

    private final RolloutData data;
    private final ScaleSetActivities azure;
    private List<Instance> lastSeen;
    private long lastSeenAt;
    private long targetHeldAt = Long.MIN_VALUE;

    ModelWatch(RolloutData data, ScaleSetActivities azure) {
        this.data = data;
        this.azure = azure;
    }

    /**
     * As {@link #drift}, before the rollout goes on (the next wave, or SUCCEEDED): a check that found the target moments
     * ago, after the wave that just ended, stands for this one (once) while it is fresh.
     */
    String driftBeforeGoingOn() {
        long checkedAt = targetHeldAt;
        targetHeldAt = Long.MIN_VALUE;
        if (checkedAt != Long.MIN_VALUE && Workflow.currentTimeMillis() - checkedAt <= FRESH_MILLIS
                && WorkflowChanges.applies(WorkflowChanges.MODEL_CHECK_FROM_LAST_WAVE)) {
            return null;
        }
        return drift();
    }

    /** Why the rollout must not go on (the model holds another image, or it cannot be read), or null. Reads the model. */
    String drift() {
        Image holds;
        try {
            holds = WorkflowChanges.applies(WorkflowChanges.DRIFT_READS_MODEL_ONLY)
                    ? azure.readModelImage(data.target())
                    : azure.readModel(data.target()).image();
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return "could not read the model to check that it still holds " + data.modelImage + ": "
                    + Failures.describe(failure);
        }
        if (holds != null && holds.sameAs(data.modelImage)) {
            targetHeldAt = Workflow.currentTimeMillis();
            return null;
        }
        return "the model changed outside the rollout: it holds " + holds + ", where the rollout put "
                + data.modelImage;
    }

    /**
     * Before the rollout waits for a person (a pause, an approval): whatever was seen before may have changed by the
     * time they answer, however quickly, so the next checks read Azure again.
     */
    void forget() {
        lastSeen = null;
        targetHeldAt = Long.MIN_VALUE;
    }

    /**
     * Keeps every instance as just listed (a wave's last health poll, or the list that planned the waves), to stand
     * for the next census while it is fresh.
     */
    void saw(List<Instance> census) {
        lastSeen = census;
        lastSeenAt = Workflow.currentTimeMillis();
    }

    /**
     * The scale set's instances by ID, or null when they could not be listed: the last health poll's list when it is
     * fresh (each used once), otherwise a VM list, which Compute counts against the subscription's high-cost budget.
     */
    Map<String, Instance> census() {
        List<Instance> seen = lastSeen;
        lastSeen = null;
        if (seen != null && Workflow.currentTimeMillis() - lastSeenAt <= FRESH_MILLIS
                && WorkflowChanges.applies(WorkflowChanges.CENSUS_FROM_HEALTH_POLL)) {
            return byId(seen);
        }
        try {
            List<Instance> instances = azure.listInstances(data.target());
            return byId(instances);
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return null;
        }
    }

    private static Map<String, Instance> byId(List<Instance> instances) {
        return instances.stream().collect(Collectors.toMap(Instance::instanceId, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }
}
