package dev.vmssrollout.workflows;

import dev.vmssrollout.model.analysis.Analysis;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.schedule.Schedule;

import java.time.Duration;

/** Rollout plans for tests: {@code aPlan().withApproval(FIRST_WAVE).build()}; defaults as the API fills them. */
final class PlanBuilder {

    private ImageChange image = ImageChange.toVersion(FakeScaleSet.NEW.version());
    private Strategy strategy = Strategy.byUpdateDomain();
    private ApprovalMode approval = ApprovalMode.NONE;
    private HealthPolicy health = HealthPolicy.defaults();
    private FailurePolicy onFailure = FailurePolicy.PAUSE;
    private boolean allowPolicySwitch;
    private Schedule schedule;

    static PlanBuilder aPlan() {
        return new PlanBuilder();
    }

    PlanBuilder withApproval(ApprovalMode mode) {
        approval = mode;
        return this;
    }

    PlanBuilder onFailure(FailurePolicy policy) {
        onFailure = policy;
        return this;
    }

    PlanBuilder allowingPolicySwitch() {
        allowPolicySwitch = true;
        return this;
    }

    PlanBuilder pausingBetweenWaves(Duration pause) {
        strategy = strategy.withPauseBetweenWaves(pause);
        return this;
    }

    PlanBuilder withStrategy(Strategy newStrategy) {
        strategy = newStrategy;
        return this;
    }

    PlanBuilder withHealth(HealthPolicy policy) {
        health = policy;
        return this;
    }

    PlanBuilder withImage(ImageChange change) {
        image = change;
        return this;
    }

    private Analysis analysis;

    PlanBuilder withSchedule(Schedule newSchedule) {
        schedule = newSchedule;
        return this;
    }

    PlanBuilder withHealthTimeout(Duration timeout) {
        health = new HealthPolicy(timeout, Duration.ZERO, 0);
        return this;
    }

    PlanBuilder withAnalysis(Analysis newAnalysis) {
        analysis = newAnalysis;
        return this;
    }

    RolloutPlan build() {
        return new RolloutPlan(FakeScaleSet.REF, image, strategy, approval, health, onFailure, allowPolicySwitch, schedule,
                analysis).withDefaults();
    }
}
