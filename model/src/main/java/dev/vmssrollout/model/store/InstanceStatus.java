package dev.vmssrollout.model.store;

import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;

/**
 * One instance of a rollout: a heatmap cell.
 *
 * @param problem what Azure said about it when its wave found it failed or unhealthy; null otherwise
 */
public record InstanceStatus(String instanceId, InstanceState state, InstanceProblem problem) {

    public InstanceStatus(String instanceId, InstanceState state) {
        this(instanceId, state, null);
    }
}
