package dev.vmssrollout.api.rollouts;

/** A submission's outcome: the rollout, and whether this request created it (false: an idempotent retry). */
record Submitted(RolloutView rollout, boolean created) {
}
