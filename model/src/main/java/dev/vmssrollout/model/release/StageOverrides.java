package dev.vmssrollout.model.release;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;

/** The rollout plan fields one stage sets differently from the release; null fields keep the release's. */
public record StageOverrides(Strategy strategy, ApprovalMode approval, HealthPolicy health, FailurePolicy onFailure) {

    public static final StageOverrides NONE = new StageOverrides(null, null, null, null);

    /** Whether the REST field {@code field} (e.g. "strategy.batchSize") is one this stage sets itself. */
    boolean sets(String field) {
        String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        return switch (top) {
            case "strategy" -> strategy != null;
            case "approval" -> approval != null;
            case "health" -> health != null;
            case "onFailure" -> onFailure != null;
            default -> false;
        };
    }

    RolloutPlan applyTo(RolloutPlan plan) {
        return new RolloutPlan(plan.target(), plan.image(),
                strategy == null ? plan.strategy() : strategy,
                approval == null ? plan.approval() : approval,
                health == null ? plan.health() : health,
                onFailure == null ? plan.onFailure() : onFailure,
                plan.allowPolicySwitch(), plan.schedule(), plan.analysis());
    }
}
