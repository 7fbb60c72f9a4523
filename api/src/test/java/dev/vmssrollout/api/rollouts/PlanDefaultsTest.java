package dev.vmssrollout.api.rollouts;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenario 11: a plan that says nothing about minReady gets a default a careful SRE would accept. */
class PlanDefaultsTest {

    private static final RolloutRequest.Target TARGET =
            new RolloutRequest.Target("00000000-0000-0000-0000-000000000000", "demo-rg", "web");
    private static final RolloutRequest.Image IMAGE = new RolloutRequest.Image("24.04.202410010", null, null, null);

    private final PlanDefaults defaults = new PlanDefaults(
            new PlanDefaultsProperties(Duration.ofMinutes(1)).defaultMinReady());

    @Test
    void minReadyDefaultsToAMinuteOfUnbrokenHealth() {
        RolloutRequest filled = defaults.apply(new RolloutRequest(TARGET, IMAGE, null, null, null, null, null));

        assertThat(filled.health().minReady()).isEqualTo("PT1M");
        assertThat(PlanMapper.toValidPlan(filled).health().minReady()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aMinReadyTheUserGaveIsKeptEvenZero() {
        RolloutRequest.Health health = new RolloutRequest.Health("PT10M", "PT0S", 10, false, "PT2H");

        RolloutRequest filled = defaults.apply(new RolloutRequest(TARGET, IMAGE, null, null, health, null, null));

        assertThat(filled.health()).isEqualTo(health);
    }

    @Test
    void theDefaultStaysBelowHalfAShortHealthTimeout() {
        RolloutRequest.Health health = new RolloutRequest.Health("PT1M", null, 25, null, "PT10M");

        RolloutRequest filled = defaults.apply(new RolloutRequest(TARGET, IMAGE, null, null, health, null, null));

        assertThat(filled.health()).isEqualTo(new RolloutRequest.Health("PT1M", "PT30S", 25, null, "PT10M"));
        assertThat(PlanMapper.toValidPlan(filled).health().minReady()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnreadableTimeoutIsLeftForTheValidatorToName() {
        RolloutRequest.Health health = new RolloutRequest.Health("soon", null, null, null, null);

        assertThat(defaults.apply(new RolloutRequest(TARGET, IMAGE, null, null, health, null, null)).health())
                .isEqualTo(health);
    }

    @Test
    void aLocalStackMayTurnTheDefaultOff() {
        RolloutRequest request = new RolloutRequest(TARGET, IMAGE, null, null, null, null, null);

        assertThat(new PlanDefaults(Duration.ZERO).apply(request)).isSameAs(request);
    }
}
