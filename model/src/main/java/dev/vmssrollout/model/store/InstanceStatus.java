package dev.vmssrollout.model.store;

import dev.vmssrollout.model.InstanceState;

/** One instance of a rollout: a heatmap cell. */
public record InstanceStatus(String instanceId, InstanceState state) {
}
