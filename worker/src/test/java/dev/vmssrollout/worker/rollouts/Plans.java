package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.simulator.ScaleSetKey;

import java.time.Duration;

/** Readable rollout plans for the tests: {@code aPlanFor(key).withApproval(FIRST_WAVE).build()}. */
final class Plans {

    private final ScaleSetKey key;
    private Strategy strategy = Strategy.byUpdateDomain();
    private ApprovalMode approval = ApprovalMode.NONE;
    private FailurePolicy onFailure = FailurePolicy.PAUSE;
    private HealthPolicy health = new HealthPolicy(Duration.ofSeconds(30), Duration.ZERO, 0);
    private boolean allowPolicySwitch;
    private Analysis analysis;

    private Plans(ScaleSetKey key) {
        this.key = key;
    }

    static Plans aPlanFor(ScaleSetKey key) {
        return new Plans(key);
    }

    Plans withStrategy(Strategy value) {
        strategy = value;
        return this;
    }

    Plans withApproval(ApprovalMode value) {
        approval = value;
        return this;
    }

    Plans onFailure(FailurePolicy value) {
        onFailure = value;
        return this;
    }

    Plans withHealth(HealthPolicy value) {
        health = value;
        return this;
    }

    Plans allowingPolicySwitch() {
        allowPolicySwitch = true;
        return this;
    }

    Plans withAnalysis(Analysis value) {
        analysis = value;
        return this;
    }

    RolloutPlan build() {
        return new RolloutPlan(WorkerStack.ref(key), ImageChange.toVersion(WorkerStack.NEXT_VERSION), strategy,
                approval, health, onFailure, allowPolicySwitch, null, analysis == null ? null : analysis.withDefaults());
    }
}
