package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import io.temporal.failure.ActivityFailure;

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

    private final RolloutData data;
    private final ScaleSetActivities azure;

    ModelWatch(RolloutData data, ScaleSetActivities azure) {
        this.data = data;
        this.azure = azure;
    }

    /** Why the rollout must not go on (the model holds another image, or it cannot be read), or null. */
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
            return null;
        }
        return "the model changed outside the rollout: it holds " + holds + ", where the rollout put "
                + data.modelImage;
    }

    /** The scale set's instances by ID, or null when they could not be listed. */
    Map<String, Instance> census() {
        try {
            List<Instance> instances = azure.listInstances(data.target());
            return instances.stream().collect(Collectors.toMap(Instance::instanceId, Function.identity(), (a, b) -> a,
                    LinkedHashMap::new));
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return null;
        }
    }
}
