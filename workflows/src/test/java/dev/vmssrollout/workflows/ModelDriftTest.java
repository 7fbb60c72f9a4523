package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenario 4: the model or the instances change outside the rollout while it runs. */
class ModelDriftTest {

    private static final Image SOMEONE_ELSES = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202411111");

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void scenario4ModelChangedOutsideTheRolloutPausesNamingBothImages() {
        FakeScaleSet scaleSet = aScaleSet();
        AtomicBoolean once = new AtomicBoolean(true);
        // While wave 2 is sent, someone puts another image into the model: Azure upgrades wave 2 to theirs.
        scaleSet.beforeEachUpgrade(ids -> {
            if (ids.contains("1") && once.getAndSet(false)) {
                scaleSet.changeModelOutside(SOMEONE_ELSES);
            }
        });
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build());

        ProgressEvent paused = harness.progress.awaitEvent(EventType.PAUSED);

        assertThat(rollout.progress().state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.message()).contains(SOMEONE_ELSES.toString()).contains(NEW.toString());
        assertThat(scaleSet.model()).as("their change is not overwritten").isEqualTo(SOMEONE_ELSES);
        assertThat(scaleSet.upgradeCalls()).hasSize(2);
        RolloutProgress.WaveProgress second = rollout.progress().waves().get(1);
        assertThat(second.instances().values()).as("wave 2 runs their image, not the target")
                .doesNotContain(InstanceState.HEALTHY);

        // Resuming does not carry on while the model still holds their image.
        rollout.resume(new OperatorCommand("bob", "checked"));
        harness.progress.awaitEvent(EventType.PAUSED, 2);
        assertThat(scaleSet.upgradeCalls()).hasSize(2);

        rollout.cancel(new OperatorCommand("bob", "not ours to finish"));
        assertThat(harness.result().state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(harness.progress.types()).doesNotContain(EventType.SUCCEEDED);
    }

    /**
     * The census before a wave lists every instance (a high-cost read); the health wait of the wave before has just
     * listed them all, and before the first wave the list that planned the waves has. A rollout of 5 update domains
     * lists the instances once (to plan the waves), not 7 times.
     * Likewise the model, read after each wave, is not read again before the next one or before SUCCEEDED: 6 drift
     * checks read it, not 11. Compute counts both reads against budgets a subscription's rollouts share.
     */
    @Test
    void aHealthyWavesLastPollStandsForTheNextCensus() {
        FakeScaleSet scaleSet = aScaleSet().healthyWavesBringCensus();
        harness.start(scaleSet, aPlan().build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(scaleSet.upgradeCalls()).hasSize(5);
        assertThat(scaleSet.vmLists()).as("VM lists: the plan's and the 5 health waits'").isEqualTo(6);
        assertThat(scaleSet.modelChecks()).as("drift checks that read: before wave 1, after each wave").isEqualTo(6);
    }

    /** A person may take a second to approve; whatever was seen before they were asked is seen again after. */
    @Test
    void aStaleCensusIsNotTrustedAfterAnApprovalWait() {
        FakeScaleSet scaleSet = aScaleSet().healthyWavesBringCensus();
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().withApproval(ApprovalMode.EVERY_WAVE).build());
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL);
        rollout.approve(new ApproveWave("bob", 0, null));
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 2);
        // Deleted after wave 1's last poll, while wave 2 waits for its approval: only a new list can know.
        List<String> wave2 = scaleSet.instancesInUpdateDomain(1);
        scaleSet.delete(wave2.get(0));
        rollout.approve(new ApproveWave("bob", 1, null));

        harness.progress.awaitEvent(EventType.INSTANCES_DELETED);
        harness.progress.awaitEvent(EventType.WAVE_VERIFYING, 2);
        assertThat(scaleSet.upgradeCalls().get(1).instanceIds()).hasSize(wave2.size() - 1)
                .doesNotContain(wave2.get(0));
    }

    @Test
    void thePlansListIsNotTrustedAfterTheFirstWavesApprovalWait() {
        FakeScaleSet scaleSet = aScaleSet().healthyWavesBringCensus();
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL);
        List<String> wave1 = scaleSet.instancesInUpdateDomain(0);
        scaleSet.delete(wave1.get(0));
        rollout.approve(new ApproveWave("bob", 0, null));

        harness.progress.awaitEvent(EventType.INSTANCES_DELETED);
        harness.progress.awaitEvent(EventType.WAVE_VERIFYING);
        assertThat(scaleSet.upgradeCalls().get(0).instanceIds()).hasSize(wave1.size() - 1)
                .doesNotContain(wave1.get(0));
    }

    @Test
    void scenario4ModelChangedBetweenWavesStopsBeforeTheNextWave() {
        FakeScaleSet scaleSet = aScaleSet();
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().withApproval(ApprovalMode.EVERY_WAVE).build());
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL);
        rollout.approve(new ApproveWave("bob", 0, null));
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 2);
        scaleSet.changeModelOutside(SOMEONE_ELSES);
        rollout.approve(new ApproveWave("bob", 1, null));

        ProgressEvent paused = harness.progress.awaitEvent(EventType.PAUSED);

        assertThat(paused.message()).contains(SOMEONE_ELSES.toString()).contains(NEW.toString());
        assertThat(scaleSet.upgradeCalls()).as("wave 2 was not sent").hasSize(1);
    }

    @Test
    void scenario4ScaleOutAndDeletedInstancesMidRolloutAreReportedNotErrors() {
        FakeScaleSet scaleSet = aScaleSet();
        AtomicBoolean once = new AtomicBoolean(true);
        AtomicReference<List<String>> added = new AtomicReference<>();
        // While wave 1 runs: instance 8 (update domain 3) is deleted and two instances are added on the model.
        scaleSet.beforeEachUpgrade(ids -> {
            if (ids.contains("0") && once.getAndSet(false)) {
                scaleSet.delete("8");
                added.set(scaleSet.scaleOut(2));
            }
        });
        harness.start(scaleSet, aPlan().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).as(String.valueOf(harness.progress.types())).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).as(id).isEqualTo(NEW));
        assertThat(result.waves().get(3).instances()).containsEntry("8", InstanceState.DELETED);
        String succeeded = harness.progress.last().message();
        assertThat(succeeded).contains("instance 8").contains("deleted")
                .contains(String.join(", ", added.get())).contains("added");
        assertThat(scaleSet.upgradeCalls()).noneMatch(call -> call.instanceIds().contains("8"));
        assertThat(scaleSet.upgradeCounts()).doesNotContainKeys(added.get().toArray(String[]::new));
    }
}
