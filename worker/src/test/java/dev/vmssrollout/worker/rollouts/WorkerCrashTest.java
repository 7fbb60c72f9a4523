package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.worker.RolloutWorker.WorkerTuning;
import dev.vmssrollout.workflows.testing.TestTemporal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/** A worker that dies in the middle of a wave: its successor carries on without redoing finished waves. */
class WorkerCrashTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aNewWorkerFinishesTheRolloutAfterTheOldOneDiedMidWave() {
        // On the real Temporal server when the CLI is installed (CI), else on the Java test server.
        stack = new WorkerStack(database, settings -> settings, TestTemporal.forScenario(), WorkerTuning.defaults());
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

    /**
     * Sticky execution at the SDK's production setting: the dead worker had the workflow cached, so its next workflow
     * task goes to that worker's sticky queue first. A real server gives up on it after the schedule-to-start timeout
     * and hands the task to the new worker, which replays the history (the Java test server never does: hence PT0S).
     */
    @Test
    void aNewWorkerFinishesTheRolloutAfterTheOldOneDiedHoldingItsStickyQueue() {
        TestTemporal temporal = TestTemporal.realOnly();
        WorkerTuning sticky = new WorkerTuning(200, 50, 0, 0, Duration.ofSeconds(5));
        stack = new WorkerStack(database, settings -> settings, temporal, sticky);
        ScaleSetKey web = stack.scaleSet("web-sticky", demoScaleSet().upgradeMillis(1500));
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
