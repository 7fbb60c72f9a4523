package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutPlanTest {

    private static final ScaleSetRef WEB = new ScaleSetRef(RolloutPlanFixture.SUBSCRIPTION, "demo-rg", "web");
    private static final ImageChange TO_TARGET = ImageChange.toVersion("24.04.202410020");

    @Test
    void fillsEverythingLeftOutWithTheDocumentedDefaults() {
        RolloutPlan plan = new RolloutPlan(WEB, TO_TARGET, null, null, null, null, false).withDefaults();

        assertThat(plan.strategy()).isEqualTo(Strategy.byUpdateDomain());
        assertThat(plan.approval()).isEqualTo(ApprovalMode.NONE);
        assertThat(plan.health()).isEqualTo(new HealthPolicy(Duration.ofMinutes(30), Duration.ZERO, 0));
        assertThat(plan.onFailure()).isEqualTo(FailurePolicy.PAUSE);
        assertThat(plan.target()).isEqualTo(WEB);
        assertThat(plan.image()).isEqualTo(TO_TARGET);
        assertThat(PlanValidator.validate(plan)).isEmpty();
    }

    @Test
    void keepsWhatTheUserGave() {
        Strategy strategy = Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("3", "1"))
                .withPauseBetweenWaves(Duration.ofMinutes(5)).prioritizingUnhealthy();
        HealthPolicy health = new HealthPolicy(Duration.ofMinutes(10), Duration.ofMinutes(2), 20);
        RolloutPlan given = new RolloutPlan(WEB, TO_TARGET, strategy, ApprovalMode.EVERY_WAVE, health,
                FailurePolicy.ROLLBACK, true);

        assertThat(given.withDefaults()).isEqualTo(given);
    }

    @Test
    void fillsTheHealthFieldsLeftOutAndKeepsTheOthers() {
        RolloutPlan plan = new RolloutPlan(WEB, TO_TARGET, null, null,
                new HealthPolicy(null, null, 25), null, false).withDefaults();

        assertThat(plan.health()).isEqualTo(new HealthPolicy(HealthPolicy.DEFAULT_TIMEOUT, Duration.ZERO, 25));
    }

    @Test
    void keepsAGivenTimeoutWhenOnlyMinReadyIsLeftOut() {
        RolloutPlan plan = new RolloutPlan(WEB, TO_TARGET, null, null,
                new HealthPolicy(Duration.ofMinutes(5), null, 0), null, false).withDefaults();

        assertThat(plan.health()).isEqualTo(new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0));
    }
}
