package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutPlan;

import java.time.Instant;
import java.util.Objects;

/**
 * A rollout as submitted. {@code idempotencyKey} is optional; with it, a client that retries a
 * submission gets the first rollout back instead of a second one.
 */
public record NewRollout(String rolloutId, RolloutPlan plan, String submittedBy, String idempotencyKey, Instant at) {

    public NewRollout {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(plan.target(), "plan.target");
        Objects.requireNonNull(submittedBy, "submittedBy");
        Objects.requireNonNull(at, "at");
    }
}
