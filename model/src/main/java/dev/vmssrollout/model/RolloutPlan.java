package dev.vmssrollout.model;

import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.schedule.Schedule;

/**
 * What the user asked for (the spec); what happened lives apart, in the rollout's progress.
 * {@code allowPolicySwitch}: a scale set whose upgrade policy is Automatic is switched to Manual
 * for the rollout and restored afterwards, instead of being refused. {@code schedule} (null: any
 * time) says when the rollout may change Azure. {@code analysis} (null: none) is the metric analysis each
 * wave passes before the next one starts.
 */
public record RolloutPlan(ScaleSetRef target, ImageChange image, Strategy strategy, ApprovalMode approval,
                          HealthPolicy health, FailurePolicy onFailure, boolean allowPolicySwitch,
                          Schedule schedule, Analysis analysis) {

    /** A plan without a metric analysis. */
    public RolloutPlan(ScaleSetRef target, ImageChange image, Strategy strategy, ApprovalMode approval,
                       HealthPolicy health, FailurePolicy onFailure, boolean allowPolicySwitch, Schedule schedule) {
        this(target, image, strategy, approval, health, onFailure, allowPolicySwitch, schedule, null);
    }

    /** A plan without a schedule: it may run at any time. */
    public RolloutPlan(ScaleSetRef target, ImageChange image, Strategy strategy, ApprovalMode approval,
                       HealthPolicy health, FailurePolicy onFailure, boolean allowPolicySwitch) {
        this(target, image, strategy, approval, health, onFailure, allowPolicySwitch, null, null);
    }

    public RolloutPlan withSchedule(Schedule newSchedule) {
        return new RolloutPlan(target, image, strategy, approval, health, onFailure, allowPolicySwitch, newSchedule,
                analysis);
    }

    public RolloutPlan withAnalysis(Analysis newAnalysis) {
        return new RolloutPlan(target, image, strategy, approval, health, onFailure, allowPolicySwitch, schedule,
                newAnalysis);
    }

    /** Fills what the user left out with the documented defaults. */
    public RolloutPlan withDefaults() {
        return new RolloutPlan(target, image,
                strategy == null ? Strategy.byUpdateDomain() : strategy,
                approval == null ? ApprovalMode.NONE : approval,
                health == null ? HealthPolicy.defaults() : new HealthPolicy(
                        health.timeout() == null ? HealthPolicy.DEFAULT_TIMEOUT : health.timeout(),
                        health.minReady() == null ? java.time.Duration.ZERO : health.minReady(),
                        health.maxUnhealthyPercent(), health.requireSignal(), health.waveDeadline()),
                onFailure == null ? FailurePolicy.PAUSE : onFailure,
                allowPolicySwitch, schedule, analysis == null ? null : analysis.withDefaults());
    }
}
