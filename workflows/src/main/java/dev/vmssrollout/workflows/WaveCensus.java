package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import io.temporal.failure.ActivityFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instances of a wave that was cut short, as Azure shows them: the record of an interrupted wave says only what
 * a census can confirm (recorded = observed), and UPGRADING, which claims no image, wherever it cannot.
 */
final class WaveCensus {

    private WaveCensus() {
    }

    static Map<String, InstanceState> observed(RolloutData data, ScaleSetActivities azure, List<String> instanceIds) {
        Map<String, Instance> now = new LinkedHashMap<>();
        try {
            azure.listInstances(data.target()).forEach(i -> now.put(i.instanceId(), i));
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            Map<String, InstanceState> unknown = new LinkedHashMap<>();
            instanceIds.forEach(id -> unknown.put(id, InstanceState.UPGRADING));
            return unknown;
        }
        Image goal = data.modelImage;
        Image previous = data.baseline == null ? null : data.baseline.previousImage();
        Map<String, InstanceState> states = new LinkedHashMap<>();
        for (String id : instanceIds) {
            states.put(id, state(now.get(id), goal, previous));
        }
        return states;
    }

    private static InstanceState state(Instance instance, Image goal, Image previous) {
        if (instance == null) {
            return InstanceState.DELETED;
        }
        if (instance.updating() || instance.image() == null) {
            return InstanceState.UPGRADING; // Azure is still at it: which image it ends on is not known yet
        }
        if (goal != null && instance.image().fulfils(goal)) {
            return instance.upgradedAndHealthy() ? InstanceState.HEALTHY : InstanceState.UNHEALTHY;
        }
        // Never reached by the upgrade: still on the image it ran before. Anything else is unexplained.
        return previous != null && instance.image().fulfils(previous) ? InstanceState.PENDING : InstanceState.FAILED;
    }

    /** E.g. "instances 0, 1 UPGRADING; instance 2 HEALTHY". */
    static String describe(Map<String, InstanceState> states) {
        Map<InstanceState, List<String>> byState = new TreeMap<>();
        states.forEach((id, state) -> byState.computeIfAbsent(state, s -> new ArrayList<>()).add(id));
        List<String> parts = byState.entrySet().stream()
                .map(e -> ScaleSetCensus.instances(e.getValue()) + " " + e.getKey()).toList();
        return parts.isEmpty() ? "no instances" : String.join("; ", parts);
    }
}
