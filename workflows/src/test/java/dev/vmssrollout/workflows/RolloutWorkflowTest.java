package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static dev.vmssrollout.model.progress.EventType.MODEL_UPDATED;
import static dev.vmssrollout.model.progress.EventType.PREFLIGHT_PASSED;
import static dev.vmssrollout.model.progress.EventType.SUCCEEDED;
import static dev.vmssrollout.model.progress.EventType.WAITING_FOR_APPROVAL;
import static dev.vmssrollout.model.progress.EventType.WAVES_PLANNED;
import static dev.vmssrollout.model.progress.EventType.WAVE_COMPLETED;
import static dev.vmssrollout.model.progress.EventType.WAVE_STARTED;
import static dev.vmssrollout.model.progress.EventType.WAVE_VERIFYING;
import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.OLD;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutWorkflowTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void upgradesTwentyInstancesUpdateDomainByUpdateDomain() {
        FakeScaleSet scaleSet = aScaleSet().withInstances(20).inUpdateDomains(5);
        harness.start(scaleSet, aPlan().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(scaleSet.upgradeCounts()).hasSize(20).allSatisfy((id, times) -> assertThat(times).isOne());
        assertThat(scaleSet.upgradeCalls()).extracting(FakeScaleSet.UpgradeCall::instanceIds)
                .containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(scaleSet::instancesInUpdateDomain).toList());
        assertThat(scaleSet.mostUpdateDomainsOutOfService()).isOne();
        assertThat(scaleSet.mostOutOfService()).isEqualTo(4);
        assertThat(result.waves()).extracting(RolloutProgress.WaveProgress::state).containsOnly(WaveState.SUCCEEDED);
        assertThat(result.previousImage()).isEqualTo(OLD);
        assertThat(result.targetImage()).isEqualTo(NEW);
    }

    @Test
    void recordsEveryStepWithGaplessSeqsFromTwo() {
        harness.start(aScaleSet(), aPlan().build());

        RolloutProgress result = harness.result();

        RecordedProgress progress = harness.progress;
        assertThat(progress.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(2, progress.events().size() + 1).boxed().toList());
        assertThat(progress.duplicates()).isEmpty();
        assertThat(result.lastSeq()).isEqualTo(progress.last().seq());
        assertThat(progress.types().subList(0, 6))
                .containsExactly(PREFLIGHT_PASSED, WAVES_PLANNED, MODEL_UPDATED, WAVE_STARTED, WAVE_VERIFYING, WAVE_COMPLETED);
        assertThat(progress.last().type()).isEqualTo(SUCCEEDED);
        assertThat(progress.last().message()).isEqualTo("rollout succeeded: 20 instances upgraded");
        assertThat(progress.last().rolloutState()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void eventsCarryWhatTheDatabaseProjects() {
        harness.start(aScaleSet(), aPlan().build());
        harness.result();

        RecordedProgress progress = harness.progress;
        ProgressEvent preflight = progress.only(PREFLIGHT_PASSED);
        assertThat(preflight.rolloutState()).isEqualTo(RolloutState.RUNNING);
        assertThat(preflight.baseline()).isEqualTo(new ProgressEvent.Baseline(OLD, "Manual", NEW));
        ProgressEvent planned = progress.only(WAVES_PLANNED);
        assertThat(planned.wavePlan().waves()).hasSize(5);
        assertThat(planned.instances()).hasSize(20).containsValue(InstanceState.PENDING);
        ProgressEvent started = progress.ofType(WAVE_STARTED).get(1);
        assertThat(started.wave()).isEqualTo(1);
        assertThat(started.waveState()).isEqualTo(WaveState.UPGRADING);
        assertThat(started.instances()).containsOnlyKeys("1", "6", "11", "16").containsValue(InstanceState.UPGRADING);
        assertThat(started.message()).isEqualTo("wave 2/5 started (4 instances)");
        ProgressEvent completed = progress.ofType(WAVE_COMPLETED).get(1);
        assertThat(completed.waveState()).isEqualTo(WaveState.SUCCEEDED);
        assertThat(completed.instances()).containsOnlyKeys("1", "6", "11", "16").containsValue(InstanceState.HEALTHY);
        assertThat(progress.events()).allSatisfy(e -> assertThat(e.rolloutId()).isEqualTo(RolloutHarness.ROLLOUT_ID));
    }

    @Test
    void skipsInstancesAlreadyOnTheTargetImage() {
        FakeScaleSet scaleSet = aScaleSet().running(NEW, "0", "5", "10", "15");
        harness.start(scaleSet, aPlan().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(result.skippedInstanceIds()).containsExactly("0", "5", "10", "15");
        assertThat(result.waves()).hasSize(4);
        assertThat(scaleSet.upgradeCounts()).hasSize(16).doesNotContainKeys("0", "5", "10", "15");
    }

    @Test
    void firstWaveApprovalGatesBeforeTheFirstAndSecondWavesOnly() {
        harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());

        approveWhenWaiting(0, 1);
        harness.workflow().approve(new ApproveWave("bob", 0, "canary"));
        approveWhenWaiting(1, 2);
        harness.workflow().approve(new ApproveWave("bob", 1, null));
        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(WAITING_FOR_APPROVAL)).extracting(ProgressEvent::wave).containsExactly(0, 1);
        assertThat(harness.progress.ofType(EventType.APPROVED)).extracting(ProgressEvent::message)
                .containsExactly("wave 1/5 approved by bob: canary", "wave 2/5 approved by bob");
        assertThat(harness.progress.ofType(EventType.APPROVED)).extracting(ProgressEvent::actor).containsOnly("bob");
    }

    @Test
    void everyWaveApprovalGatesEachWave() {
        harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.EVERY_WAVE).build());

        for (int wave = 0; wave < 5; wave++) {
            approveWhenWaiting(wave, wave + 1);
            harness.workflow().approve(new ApproveWave("bob", wave, null));
        }

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(WAITING_FOR_APPROVAL)).extracting(ProgressEvent::wave)
                .containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void queryReportsTheWaveWaitingForApproval() {
        harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(WAITING_FOR_APPROVAL);

        RolloutProgress waiting = harness.workflow().progress();

        assertThat(waiting.state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(waiting.waitingForApprovalWave()).isZero();
        assertThat(waiting.currentWave()).isZero();
        assertThat(waiting.reason()).isEqualTo("wave 1/5 waits for approval");
        assertThat(waiting.waves().get(0).state()).isEqualTo(WaveState.WAITING_FOR_APPROVAL);
        assertThat(harness.progress.last().rolloutState()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);

        RolloutProgress approved = harness.workflow().approve(new ApproveWave("bob", 0, null));
        assertThat(approved.waitingForApprovalWave()).isNull();
    }

    @Test
    void refusesAScaleSetWithAnOperationInProgress() {
        FakeScaleSet scaleSet = aScaleSet().withConflictingOperation("a rolling upgrade");
        harness.start(scaleSet, aPlan().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.FAILED);
        assertThat(result.reason()).isEqualTo("refused: a rolling upgrade is in progress on the scale set; "
                + "wait for it to finish, then submit the rollout again");
        assertThat(harness.progress.types()).containsExactly(EventType.FAILED);
        assertThat(scaleSet.modelChanges()).isEmpty();
    }

    @Test
    void anEventTheDatabaseRefusesDelaysTheRolloutInsteadOfFailingIt() {
        harness.progress.refusingOnce(5);
        harness.start(aScaleSet(), aPlan().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.refusals()).isOne();
        assertThat(harness.progress.seqs()).containsExactlyElementsOf(
                LongStream.rangeClosed(2, harness.progress.events().size() + 1).boxed().toList());
    }

    private void approveWhenWaiting(int wave, int occurrence) {
        ProgressEvent waiting = harness.progress.awaitEvent(WAITING_FOR_APPROVAL, occurrence);
        assertThat(waiting.wave()).isEqualTo(wave);
    }
}
