package dev.vmssrollout.model;

import java.time.Duration;

/** A plan {@link PlanValidator} accepts, for tests to break one field at a time. */
final class RolloutPlanFixture {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private ScaleSetRef target = new ScaleSetRef(SUBSCRIPTION, "demo-rg", "web");
    private ImageChange image = ImageChange.toVersion("24.04.202410020");
    private Strategy strategy = Strategy.byUpdateDomain();
    private HealthPolicy health = HealthPolicy.defaults();

    private RolloutPlanFixture() {
    }

    static RolloutPlanFixture aPlan() {
        return new RolloutPlanFixture();
    }

    RolloutPlanFixture withTarget(ScaleSetRef target) {
        this.target = target;
        return this;
    }

    RolloutPlanFixture withSubscription(String subscriptionId) {
        return withTarget(new ScaleSetRef(subscriptionId, target.resourceGroup(), target.name()));
    }

    RolloutPlanFixture withResourceGroup(String resourceGroup) {
        return withTarget(new ScaleSetRef(target.subscriptionId(), resourceGroup, target.name()));
    }

    RolloutPlanFixture withScaleSet(String name) {
        return withTarget(new ScaleSetRef(target.subscriptionId(), target.resourceGroup(), name));
    }

    RolloutPlanFixture withImage(ImageChange image) {
        this.image = image;
        return this;
    }

    RolloutPlanFixture withStrategy(Strategy strategy) {
        this.strategy = strategy;
        return this;
    }

    RolloutPlanFixture withHealth(HealthPolicy health) {
        this.health = health;
        return this;
    }

    RolloutPlanFixture withHealth(Duration timeout, Duration minReady, int maxUnhealthyPercent) {
        return withHealth(new HealthPolicy(timeout, minReady, maxUnhealthyPercent));
    }

    RolloutPlan build() {
        return new RolloutPlan(target, image, strategy, ApprovalMode.NONE, health, FailurePolicy.PAUSE, false);
    }
}
