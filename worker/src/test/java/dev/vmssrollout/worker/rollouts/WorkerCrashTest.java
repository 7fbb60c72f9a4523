package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/** A worker that dies in the middle of a wave: its successor carries on without redoing finished waves. */
class WorkerCrashTest {

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
    void aNewWorkerFinishesTheRolloutAfterTheOldOneDiedMidWave() {
        ScaleSetKey web = stack.scaleSet("web", demoScaleSet().upgradeMillis(1500));
        String id = stack.submit(aPlanFor(web).build(), "alice");
        stack.awaitWaveInFlight(id, 1);

        stack.killWorker();
        stack.startWorker();
        RolloutDetails done = stack.awaitState(id, RolloutState.SUCCEEDED);

        assertThat(stack.report(web).upgradeCounts()).hasSize(20)
                .allSatisfy((instance, count) -> assertThat(count).as("instance %s", instance).isEqualTo(1));
        assertThat(stack.report(web).minInService()).isGreaterThanOrEqualTo(16);
        assertThat(done.waves()).allSatisfy(w -> assertThat(w.state()).isEqualTo(WaveState.SUCCEEDED));
    }
}
