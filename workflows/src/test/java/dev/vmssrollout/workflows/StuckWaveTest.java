package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.vmssrollout.model.progress.EventType.CANCEL_REQUESTED;
import static dev.vmssrollout.model.progress.EventType.PAUSED;
import static dev.vmssrollout.model.progress.EventType.ROLLBACK_STARTED;
import static dev.vmssrollout.model.progress.EventType.ROLLBACK_WAVE_FAILED;
import static dev.vmssrollout.model.progress.EventType.WAVE_COMPLETED;
import static dev.vmssrollout.model.progress.EventType.WAVE_FAILED;
import static dev.vmssrollout.model.progress.EventType.WAVE_INTERRUPTED;
import static dev.vmssrollout.model.progress.EventType.WAVE_STARTED;
import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.OLD;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, scenario 9: a wave stuck on Azure (its manualupgrade never gets anywhere) can be stopped. A cancel or
 * rollback interrupts it at once, the plan's wave deadline fails it, and either way the wave's instances are
 * recorded as Azure shows them afterwards. Before the fix the rollout waited for the wave forever.
 */
class StuckWaveTest {

    /** Update domain 1: the instances of wave 2. */
    private static final String[] WAVE_2 = {"1", "6", "11", "16"};

    private final RolloutHarness harness = new RolloutHarness();
    private final FakeScaleSet scaleSet = aScaleSet().stuckUpgrading(WAVE_2);

    @AfterEach
    void close() {
        scaleSet.unstick(); // the activity the workflow gave up on ends, so the worker stops without waiting for it
        harness.close();
    }

    @Test
    void aWaveStuckOnAzureCanBeStoppedByCancel() {
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build());
        harness.progress.awaitEvent(WAVE_STARTED, 2);

        rollout.cancel(new OperatorCommand("dave", "stuck"));

        RolloutProgress result = harness.result();
        assertThat(result.state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(harness.progress.only(CANCEL_REQUESTED).message())
                .isEqualTo("cancel requested by dave: stuck; it interrupts the wave in flight");
        ProgressEvent interrupted = harness.progress.only(WAVE_INTERRUPTED);
        assertThat(interrupted.message()).isEqualTo("wave 2/5 interrupted in flight by the cancel requested by dave "
                + "(stuck); Azure holds: instances 1, 6, 11, 16 PENDING");
        assertThat(interrupted.waveState()).isEqualTo(WaveState.CANCELLED);
        // Azure never upgraded them: recorded = observed, never UPGRADING or HEALTHY.
        assertThat(interrupted.instances()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "1", InstanceState.PENDING, "6", InstanceState.PENDING,
                "11", InstanceState.PENDING, "16", InstanceState.PENDING));
        assertThat(result.waves().get(1).state()).isEqualTo(WaveState.CANCELLED);
        assertThat(scaleSet.upgradeCounts()).hasSize(4); // wave 1 only
        assertThat(scaleSet.model()).isEqualTo(NEW);
    }

    @Test
    void aWaveStuckOnAzureCanBeStoppedByRollback() {
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build());
        harness.progress.awaitEvent(WAVE_STARTED, 2);

        rollout.rollback(new OperatorCommand("dave", "stuck"));

        RolloutProgress result = harness.result();
        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.progress.types()).containsSubsequence(WAVE_COMPLETED, WAVE_STARTED, WAVE_INTERRUPTED,
                ROLLBACK_STARTED);
        assertThat(harness.progress.ofType(WAVE_COMPLETED)).hasSize(1);
        assertThat(scaleSet.model()).isEqualTo(OLD);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).isEqualTo(OLD));
    }

    @Test
    void aWaveStuckOnAzureFailsAtItsDeadline() {
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.PAUSE)
                .withHealth(HealthPolicy.defaults().withWaveDeadline(Duration.ofSeconds(2))).build());

        ProgressEvent paused = harness.progress.awaitEvent(PAUSED);

        ProgressEvent failed = harness.progress.only(WAVE_FAILED);
        assertThat(failed.message()).isEqualTo("wave 2/5 failed: did not end within 2s (health.waveDeadline); "
                + "Azure holds: instances 1, 6, 11, 16 PENDING");
        assertThat(failed.waveState()).isEqualTo(WaveState.FAILED);
        assertThat(failed.instances()).containsOnlyKeys(WAVE_2).containsValues(InstanceState.PENDING);
        assertThat(paused.message()).contains("health.waveDeadline", "retry the wave, roll back or cancel");
        assertThat(paused.rolloutState()).isEqualTo(RolloutState.PAUSED);
    }

    /** A rollback wave stuck on Azure has the same deadline: the rollback is then incomplete and waits for a person. */
    @Test
    void aRollbackWaveStuckOnAzureFailsAtItsDeadline() {
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().pausingBetweenWaves(Duration.ofHours(1))
                .withHealth(HealthPolicy.defaults().withWaveDeadline(Duration.ofSeconds(2))).build());
        harness.progress.awaitEvent(WAVE_COMPLETED);
        scaleSet.stuckUpgrading("0", "5", "10", "15"); // wave 1, now on the new image, cannot be sent back

        rollout.rollback(new OperatorCommand("dave", "bad image"));

        ProgressEvent paused = harness.progress.awaitEvent(PAUSED);
        ProgressEvent failed = harness.progress.only(ROLLBACK_WAVE_FAILED);
        assertThat(failed.message()).startsWith("rollback of wave 1/5 failed: did not end within 2s "
                + "(health.waveDeadline)");
        // Still on the new image, as Azure shows them: FAILED (not back), never ROLLED_BACK.
        assertThat(failed.instances()).containsOnlyKeys("0", "5", "10", "15").containsValues(InstanceState.FAILED);
        assertThat(paused.message()).contains("rollback incomplete");
        assertThat(scaleSet.imageOf("0")).isEqualTo(NEW);
    }

    @Test
    void theDefaultWaveDeadlineIsTheHealthTimeoutPlusAnHourForTheUpgrade() {
        assertThat(HealthPolicy.defaults().waveDeadlineOrDefault()).isEqualTo(Duration.ofMinutes(90));
        assertThat(new HealthPolicy(Duration.ofHours(2), Duration.ZERO, 0).waveDeadlineOrDefault())
                .isEqualTo(Duration.ofHours(3));
    }
}
