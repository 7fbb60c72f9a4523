package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenario 11: health is never assumed; a scale set with no health source is the plan's explicit choice. */
class HealthSignalTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @BeforeEach
    void start() {
        stack = new WorkerStack(database);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void scenario11AScaleSetWithoutAHealthSourceIsRefusedAtPreflightWithWhatToDo() {
        ScaleSetKey web = stack.scaleSet("no-health-source", demoScaleSet().healthExtension(false));

        String id = stack.submit(aPlanFor(web).build(), "alice");
        RolloutDetails failed = stack.awaitRollout(id, r -> r.state().isTerminal());

        assertThat(failed.state()).isEqualTo(RolloutState.FAILED);
        assertThat(failed.stateReason()).contains("neither an Application Health extension nor a load-balancer health probe")
                .contains("health.requireSignal=false");
        assertThat(stack.upgraded(web)).as("no instance touched").isEmpty();
    }

    @Test
    void scenario11RequireSignalFalseLetsARunningUpgradedInstanceCountAsHealthy() {
        ScaleSetKey web = stack.scaleSet("no-signal-accepted", demoScaleSet().healthExtension(false));

        String id = stack.submit(aPlanFor(web)
                .withHealth(new HealthPolicy(Duration.ofSeconds(30), Duration.ZERO, 0, false)).build(), "alice");

        assertThat(stack.awaitState(id, RolloutState.SUCCEEDED).waves()).hasSize(5);
        assertThat(stack.upgraded(web)).hasSize(20);
    }
}
