package dev.vmssrollout.model.store;

/** The outcome of a create: the stored rollout, and whether this call stored it (false for an idempotent retry). */
public record Created(RolloutDetails rollout, boolean created) {
}
