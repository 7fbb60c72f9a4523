package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenario 11: a wave that passes with tolerated unhealthy instances does not record them HEALTHY. */
class HealthRecordTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void scenario11ToleratedUnhealthyInstancesAreRecordedUnhealthyNotHealthy() {
        FakeScaleSet scaleSet = aScaleSet().unhealthyOn(NEW, "7");
        harness.start(scaleSet, aPlan().withHealth(new HealthPolicy(Duration.ofMinutes(30), Duration.ZERO, 25)).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(result.waves().get(2).instances()).containsEntry("7", InstanceState.UNHEALTHY)
                .containsEntry("2", InstanceState.HEALTHY);
    }
}
