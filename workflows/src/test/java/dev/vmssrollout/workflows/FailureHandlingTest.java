package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static dev.vmssrollout.model.progress.EventType.PAUSED;
import static dev.vmssrollout.model.progress.EventType.ROLLBACK_WAVE_COMPLETED;
import static dev.vmssrollout.model.progress.EventType.WAVE_FAILED;
import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.OLD;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

class FailureHandlingTest {

    private static final OperatorCommand ROLLBACK = new OperatorCommand("erin", "bad image");

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    /** Update domain 2 (instances 2, 7, 12, 17) is the third wave; instance 7 does not like the new image. */
    private static FakeScaleSet instanceSevenUnhealthyOnTheNewImage() {
        return aScaleSet().unhealthyOn(NEW, "7");
    }

    @Test
    void unhealthyWavePausesAndARollbackRestoresTouchedInstancesInReverseOrder() {
        FakeScaleSet scaleSet = instanceSevenUnhealthyOnTheNewImage();
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().onFailure(FailurePolicy.PAUSE).build());

        ProgressEvent paused = harness.progress.awaitEvent(PAUSED);
        assertThat(paused.message()).isEqualTo("paused by onFailure=PAUSE: wave 3/5 failed: unhealthy: "
                + "1 of 4 instances unhealthy: 7; resume to accept the wave and go on, retry the wave, roll back or cancel");
        ProgressEvent failed = harness.progress.only(WAVE_FAILED);
        assertThat(failed.waveState()).isEqualTo(WaveState.FAILED);
        assertThat(failed.instances()).containsEntry("7", InstanceState.UNHEALTHY).containsEntry("2", InstanceState.HEALTHY);
        assertThat(rollout.progress().state()).isEqualTo(RolloutState.PAUSED);

        rollout.rollback(ROLLBACK);
        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(scaleSet.model()).isEqualTo(OLD);
        List<FakeScaleSet.UpgradeCall> calls = scaleSet.upgradeCalls();
        assertThat(calls.subList(3, 6)).containsExactly(
                new FakeScaleSet.UpgradeCall(scaleSet.instancesInUpdateDomain(2), OLD),
                new FakeScaleSet.UpgradeCall(scaleSet.instancesInUpdateDomain(1), OLD),
                new FakeScaleSet.UpgradeCall(scaleSet.instancesInUpdateDomain(0), OLD));
        assertThat(calls).hasSize(6);
        Stream.of(0, 1, 2).flatMap(ud -> scaleSet.instancesInUpdateDomain(ud).stream())
                .forEach(id -> assertThat(scaleSet.imageOf(id)).isEqualTo(OLD));
        Stream.of(3, 4).flatMap(ud -> scaleSet.instancesInUpdateDomain(ud).stream())
                .forEach(id -> assertThat(scaleSet.upgradeCounts()).doesNotContainKey(id));
        assertThat(harness.progress.ofType(ROLLBACK_WAVE_COMPLETED)).extracting(ProgressEvent::wave).containsExactly(2, 1, 0);
        assertThat(harness.progress.last().message())
                .isEqualTo("rollout rolled back: 12 instances returned to " + OLD);
        assertThat(result.waves()).extracting(RolloutProgress.WaveProgress::state).containsExactly(
                WaveState.ROLLED_BACK, WaveState.ROLLED_BACK, WaveState.ROLLED_BACK, WaveState.PENDING, WaveState.PENDING);
        assertThat(scaleSet.mostUpdateDomainsOutOfService()).isOne();
    }

    @Test
    void rollbackPolicyRollsBackWithoutAnOperator() {
        FakeScaleSet scaleSet = instanceSevenUnhealthyOnTheNewImage();
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.progress.types()).doesNotContain(PAUSED, EventType.ROLLBACK_REQUESTED);
        assertThat(harness.progress.only(EventType.ROLLBACK_STARTED).message()).isEqualTo("rolling back to " + OLD
                + " (wave 3/5 failed: unhealthy: 1 of 4 instances unhealthy: 7 (onFailure=ROLLBACK))");
        assertThat(scaleSet.imageOf("7")).isEqualTo(OLD);
        assertThat(scaleSet.model()).isEqualTo(OLD);
    }

    @Test
    void abortPolicyFailsAndLeavesTheModelAsItIs() {
        FakeScaleSet scaleSet = instanceSevenUnhealthyOnTheNewImage();
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ABORT).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.FAILED);
        assertThat(result.reason()).isEqualTo("wave 3/5 failed: unhealthy: 1 of 4 instances unhealthy: 7; "
                + "onFailure=ABORT leaves the model on " + NEW + " and 8 instances upgraded");
        assertThat(scaleSet.model()).isEqualTo(NEW);
        assertThat(scaleSet.upgradeCalls()).hasSize(3);
    }

    @Test
    void retryWaveUpgradesTheFailedWaveAgain() {
        FakeScaleSet scaleSet = aScaleSet().failingUpgradeOf("7", 1);
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build());
        harness.progress.awaitEvent(PAUSED);
        assertThat(harness.progress.only(WAVE_FAILED).message()).isEqualTo("wave 3/5 failed: upgrade failed: "
                + "manualupgrade of instance 7 failed: OSProvisioningTimedOut (UPGRADE_FAILED)");
        assertThat(harness.progress.only(WAVE_FAILED).instances()).containsEntry("7", InstanceState.FAILED);

        rollout.retryWave(new OperatorCommand("frank", "transient"));
        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.only(EventType.RETRYING_WAVE).message()).isEqualTo("wave 3/5 retried by frank");
        assertThat(harness.progress.ofType(EventType.WAVE_STARTED)).extracting(ProgressEvent::wave)
                .containsExactly(0, 1, 2, 2, 3, 4);
        assertThat(scaleSet.upgradeCounts()).hasSize(20).allSatisfy((id, times) -> assertThat(times).isOne());
    }

    @Test
    void resumeAfterAFailedWaveAcceptsItAndGoesOn() {
        FakeScaleSet scaleSet = instanceSevenUnhealthyOnTheNewImage();
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build());
        harness.progress.awaitEvent(PAUSED);

        rollout.resume(new OperatorCommand("frank", null));
        // Instance 7 stays unhealthy: with it out, wave 4 (4 instances) would take 5 of 20 out, more than the largest
        // wave, so the rollout pauses before it until the instance is back.
        ProgressEvent capacity = harness.progress.awaitEvent(PAUSED, 2);
        assertThat(capacity.message()).contains("instance 7 of accepted failed waves is out of service")
                .contains("would leave 15 of 20 in service, below the floor of 16");
        assertThat(scaleSet.upgradeCounts()).as("wave 4 not sent").doesNotContainKeys("3", "8", "13", "18");
        scaleSet.unhealthyOn(null);
        rollout.resume(new OperatorCommand("frank", "instance 7 is back"));
        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(EventType.RESUMED).get(0).message())
                .isEqualTo("resumed by frank; wave 3/5 stays failed and the rollout goes on");
        assertThat(result.waves().get(2).state()).isEqualTo(WaveState.FAILED);
        assertThat(harness.progress.last().message()).isEqualTo("rollout succeeded: 16 instances upgraded");
        assertThat(scaleSet.upgradeCounts()).hasSize(20);
    }

    @Test
    void anUnhealthyRollbackWavePausesTheRolloutNamesTheWaveAndTheRollbackGoesOn() {
        // Instance 2 is unhealthy on the old image too: rolling its wave back cannot succeed.
        FakeScaleSet scaleSet = aScaleSet().unhealthyOn(NEW, "7");
        scaleSet.beforeEachUpgrade(ids -> {
            if (ids.contains("7") && scaleSet.model().equals(OLD)) {
                scaleSet.unhealthyOn(OLD, "2");
            }
        });
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        harness.progress.awaitEvent(PAUSED);
        RolloutProgress paused = rollout.progress();

        assertThat(paused.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.reason()).startsWith("rollback incomplete: rollback of wave 3/5 (update domain 2) failed: "
                + "unhealthy: 1 of 4 instances unhealthy: 2. The rollback put " + OLD + " into the model");
        assertThat(harness.progress.only(EventType.ROLLBACK_WAVE_FAILED).waveState()).isEqualTo(WaveState.FAILED);
        assertThat(harness.progress.only(EventType.ROLLBACK_WAVE_FAILED).instances())
                .containsEntry("2", InstanceState.UNHEALTHY).containsEntry("7", InstanceState.ROLLED_BACK);
        assertThat(scaleSet.upgradeCalls()).as("the earlier waves are rolled back too").hasSize(6);

        rollout.cancel(new OperatorCommand("erin", "instance 2 needs a look"));
        assertThat(harness.result().state()).isEqualTo(RolloutState.CANCELLED);
    }
}
