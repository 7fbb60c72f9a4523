package dev.vmssrollout.model.release;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Release plans for tests: {@code aRelease().stage("canary", 2, scaleSet("web-1", "eastus")).build()}. */
final class ReleasePlanFixture {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private final List<ReleaseStage> stages = new ArrayList<>();
    private RolloutPlan rollout = new RolloutPlan(null, ImageChange.toVersion("24.04.202410020"),
            Strategy.byUpdateDomain(), ApprovalMode.NONE, HealthPolicy.defaults(), null, false);
    private boolean allowPairs;

    static ReleasePlanFixture aRelease() {
        return new ReleasePlanFixture();
    }

    static ReleaseScaleSet scaleSet(String name, String region) {
        return new ReleaseScaleSet(SUBSCRIPTION, "fleet-rg", name, region);
    }

    ReleasePlanFixture stage(String name, int maxConcurrent, ReleaseScaleSet... scaleSets) {
        return stage(new ReleaseStage(name, List.of(scaleSets), maxConcurrent, Duration.ofSeconds(1)));
    }

    ReleasePlanFixture stage(ReleaseStage stage) {
        stages.add(stage);
        return this;
    }

    ReleasePlanFixture withRollout(RolloutPlan rollout) {
        this.rollout = rollout;
        return this;
    }

    ReleasePlanFixture allowingPairedRegionsInStage() {
        this.allowPairs = true;
        return this;
    }

    ReleasePlan build() {
        return new ReleasePlan(rollout, stages, allowPairs);
    }
}
