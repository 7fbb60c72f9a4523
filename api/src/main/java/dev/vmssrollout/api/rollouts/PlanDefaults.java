package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.model.HealthPolicy;

import java.time.Duration;

/**
 * Fills the server-side defaults into a submitted plan before it is mapped and validated, so that what is stored
 * (and shown back) is the plan that runs.
 */
public final class PlanDefaults {

    private final Duration minReady;

    public PlanDefaults(Duration minReady) {
        this.minReady = minReady;
    }

    /**
     * A plan without {@code health.minReady} gets the configured default, but never half its health timeout or more:
     * a short timeout the user chose must still leave the instances time to come up before they are watched.
     */
    public RolloutRequest apply(RolloutRequest request) {
        if (request == null || minReady == null || minReady.isZero() || minReady.isNegative()) {
            return request;
        }
        RolloutRequest.Health health = request.health();
        if (health != null && health.minReady() != null) {
            return request;
        }
        Duration timeout = timeout(health);
        if (timeout == null) {
            return request; // unreadable: the validator names health.timeout, not a default the user never wrote
        }
        Duration fill = minReady.compareTo(timeout.dividedBy(2)) < 0 ? minReady : timeout.dividedBy(2);
        RolloutRequest.Health filled = health == null
                ? new RolloutRequest.Health(null, fill.toString(), null, null, null)
                : new RolloutRequest.Health(health.timeout(), fill.toString(), health.maxUnhealthyPercent(),
                        health.requireSignal(), health.waveDeadline());
        return new RolloutRequest(request.target(), request.image(), request.strategy(), request.approval(), filled,
                request.onFailure(), request.allowPolicySwitch(), request.schedule(), request.analysis());
    }

    private static Duration timeout(RolloutRequest.Health health) {
        if (health == null || health.timeout() == null) {
            return HealthPolicy.DEFAULT_TIMEOUT;
        }
        try {
            Duration timeout = Duration.parse(health.timeout());
            return timeout.isNegative() || timeout.isZero() ? null : timeout;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
