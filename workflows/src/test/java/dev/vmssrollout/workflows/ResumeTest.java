package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WavePlanner;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.progress.ProgressEvent.Baseline;
import dev.vmssrollout.model.progress.PendingRequests;
import dev.vmssrollout.model.progress.ResumePoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.vmssrollout.model.progress.EventType.PAUSED;
import static dev.vmssrollout.model.progress.EventType.RECOVERED;
import static dev.vmssrollout.model.progress.EventType.WAITING_FOR_APPROVAL;
import static dev.vmssrollout.model.progress.EventType.WAVE_STARTED;
import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.OLD;
import static dev.vmssrollout.workflows.FakeScaleSet.REF;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rollouts restarted by the reconciler from what the database knows. */
class ResumeTest {

    private static final Baseline BASELINE = new Baseline(OLD, "Manual", NEW);
    /** The waves the lost workflow planned, against the scale set as it was before the rollout. */
    private static final WavePlan PLAN = WavePlanner.plan(Strategy.byUpdateDomain(), NEW, aScaleSet().listInstances(REF));

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    /** The scale set after the first {@code waves} update domains were upgraded. */
    private static FakeScaleSet upgradedThrough(int waves) {
        FakeScaleSet scaleSet = aScaleSet().withModel(NEW);
        for (int ud = 0; ud < waves; ud++) {
            scaleSet.running(NEW, scaleSet.instancesInUpdateDomain(ud).toArray(String[]::new));
        }
        return scaleSet;
    }

    private static ResumePoint resumePoint(int completedWaves, RolloutState state, long nextSeq, List<Integer> approved) {
        return new ResumePoint(BASELINE, PLAN, completedWaves, state, nextSeq, approved);
    }

    @Test
    void upgradesOnlyTheRemainingWavesAndCarriesOnTheSeq() {
        FakeScaleSet scaleSet = upgradedThrough(2);
        harness.start(scaleSet, aPlan().build(), resumePoint(2, RolloutState.RUNNING, 17, List.of()));

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        RecordedProgress progress = harness.progress;
        assertThat(progress.seqs()).containsExactlyElementsOf(
                LongStream.range(17, 17 + progress.events().size()).boxed().toList());
        ProgressEvent recovered = progress.events().get(0);
        assertThat(recovered.type()).isEqualTo(RECOVERED);
        assertThat(recovered.message())
                .isEqualTo("workflow restarted from the database after it was lost; resuming after wave 2");
        assertThat(progress.types()).doesNotContain(EventType.PREFLIGHT_PASSED, EventType.WAVES_PLANNED)
                .contains(EventType.MODEL_ALREADY_CURRENT);
        assertThat(progress.ofType(WAVE_STARTED)).extracting(ProgressEvent::wave).containsExactly(2, 3, 4);
        assertThat(scaleSet.upgradeCounts()).hasSize(12);
        Stream.of(0, 1).flatMap(ud -> scaleSet.instancesInUpdateDomain(ud).stream())
                .forEach(id -> assertThat(scaleSet.upgradeCounts()).doesNotContainKey(id));
        assertThat(result.waves()).hasSize(5);
    }

    @Test
    void aRolloutLostWhilePausedWaitsForAResume() {
        FakeScaleSet scaleSet = upgradedThrough(1);
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build(), resumePoint(1, RolloutState.PAUSED, 9, List.of()));

        ProgressEvent paused = harness.progress.awaitEvent(PAUSED);
        assertThat(paused.message()).isEqualTo("paused by an operator: the rollout was paused when its workflow was lost");
        assertThat(paused.rolloutState()).isEqualTo(RolloutState.PAUSED);
        assertThat(rollout.progress().state()).isEqualTo(RolloutState.PAUSED);
        assertThat(scaleSet.upgradeCalls()).isEmpty();

        rollout.resume(new OperatorCommand("harry", null));

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(WAVE_STARTED)).extracting(ProgressEvent::wave).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aRolloutLostWhileWaitingForApprovalWaitsAgainAndKeepsItsApprovals() {
        RolloutWorkflow rollout = harness.start(upgradedThrough(1),
                aPlan().withApproval(ApprovalMode.FIRST_WAVE).build(),
                resumePoint(1, RolloutState.WAITING_FOR_APPROVAL, 12, List.of(0)));

        assertThat(harness.progress.awaitEvent(WAITING_FOR_APPROVAL).wave()).isEqualTo(1);
        assertThatThrownBy(() -> rollout.approve(new ApproveWave("bob", 0, null)))
                .rootCause().hasMessageContaining("already approved");
        rollout.approve(new ApproveWave("bob", 1, null));

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void aRolloutLostWhilePausedAfterAFailedWaveOffersTheSameChoices() {
        FakeScaleSet scaleSet = upgradedThrough(2);
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build(),
                new ResumePoint(BASELINE, PLAN, 2, RolloutState.PAUSED, 30, List.of(), 2, false));

        assertThat(harness.progress.awaitEvent(PAUSED).message()).startsWith(
                "paused by onFailure=PAUSE: paused after wave 3/5 failed, before the workflow was restarted");
        rollout.retryWave(new OperatorCommand("ivy", null));

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(WAVE_STARTED)).extracting(ProgressEvent::wave).containsExactly(2, 3, 4);
    }

    @Test
    void aRolloutLostWhileRollingBackFinishesTheRollback() {
        // The lost run had put the old image back and rolled back wave 3 (update domain 2) already.
        FakeScaleSet scaleSet = upgradedThrough(2).withModel(OLD);
        harness.start(scaleSet, aPlan().build(), resumePoint(2, RolloutState.ROLLING_BACK, 40, List.of()));

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.progress.ofType(EventType.ROLLBACK_WAVE_COMPLETED)).extracting(ProgressEvent::wave)
                .containsExactly(2, 1, 0);
        Stream.of(0, 1, 2).flatMap(ud -> scaleSet.instancesInUpdateDomain(ud).stream())
                .forEach(id -> assertThat(scaleSet.imageOf(id)).isEqualTo(OLD));
        assertThat(scaleSet.upgradeCounts()).hasSize(8);
    }

    @Test
    void aResumedRollbackAlsoPutsBackWavesUpgradedAfterAnAcceptedFailure() {
        // Wave 2/5 failed and was accepted, waves 3/5 and 4/5 went on; the database counts one completed wave.
        FakeScaleSet scaleSet = upgradedThrough(4).withModel(OLD);
        harness.start(scaleSet, aPlan().build(), resumePoint(1, RolloutState.ROLLING_BACK, 60, List.of()));

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.progress.ofType(EventType.ROLLBACK_WAVE_COMPLETED)).extracting(ProgressEvent::wave)
                .containsExactly(3, 2, 1, 0);
        assertThat(scaleSet.upgradeCounts()).hasSize(16);
        Stream.of(0, 1, 2, 3, 4).flatMap(ud -> scaleSet.instancesInUpdateDomain(ud).stream())
                .forEach(id -> assertThat(scaleSet.imageOf(id)).isEqualTo(OLD));
    }

    @Test
    void aRolloutLostBeforePreflightStartsFromTheBeginning() {
        FakeScaleSet scaleSet = aScaleSet();
        harness.start(scaleSet, aPlan().build(), new ResumePoint(null, null, 0, RolloutState.PENDING, 2, List.of()));

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.types().subList(0, 3))
                .containsExactly(RECOVERED, EventType.PREFLIGHT_PASSED, EventType.WAVES_PLANNED);
        assertThat(harness.progress.seqs().get(0)).isEqualTo(2L);
        assertThat(scaleSet.upgradeCounts()).hasSize(20);
    }

    /** Issue 12, scenario 2: a cancel, rollback or pause recorded while a wave ran is carried out after the restart. */
    @Test
    void requestsSurviveRecovery() {
        ResumePoint cancelWhileWave2Ran = new ResumePoint(BASELINE, PLAN, 1, RolloutState.RUNNING, 20, List.of(), null,
                false, List.of(), new PendingRequests(null, new PendingRequests.Request("bob", "change freeze"), null));
        FakeScaleSet scaleSet = upgradedThrough(1);
        harness.start(scaleSet, aPlan().build(), cancelWhileWave2Ran);

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(harness.progress.ofType(WAVE_STARTED)).isEmpty();
        ProgressEvent cancelled = harness.progress.ofType(EventType.CANCELLED).get(0);
        assertThat(cancelled.actor()).isEqualTo("bob");
        assertThat(cancelled.message()).contains("by bob (change freeze)");
    }

    @Test
    void aRollbackRequestedWhileAWaveRanSurvivesRecovery() {
        ResumePoint rollbackWhileWave2Ran = new ResumePoint(BASELINE, PLAN, 1, RolloutState.RUNNING, 20, List.of(), null,
                false, List.of(), new PendingRequests(null, null, new PendingRequests.Request("carol", "errors")));
        FakeScaleSet scaleSet = upgradedThrough(2);
        harness.start(scaleSet, aPlan().build(), rollbackWhileWave2Ran);

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.progress.ofType(WAVE_STARTED)).isEmpty();
        Stream.of(0, 1).flatMap(ud -> scaleSet.instancesInUpdateDomain(ud).stream())
                .forEach(id -> assertThat(scaleSet.imageOf(id)).isEqualTo(OLD));
    }

    @Test
    void aPauseRequestedWhileAWaveRanSurvivesRecovery() {
        ResumePoint pauseWhileWave2Ran = new ResumePoint(BASELINE, PLAN, 1, RolloutState.RUNNING, 20, List.of(), null,
                false, List.of(), new PendingRequests(new PendingRequests.Request("dave", "dashboards"), null, null));
        FakeScaleSet scaleSet = upgradedThrough(1);
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build(), pauseWhileWave2Ran);

        ProgressEvent paused = harness.progress.awaitEvent(PAUSED);

        assertThat(paused.message()).isEqualTo("paused by dave: dashboards");
        assertThat(rollout.progress().state()).isEqualTo(RolloutState.PAUSED);
        assertThat(scaleSet.upgradeCalls()).isEmpty();
    }

    /** Issue 12, scenario 3: wave 2/5 failed and was accepted, wave 4/5 ran when the workflow was lost. */
    @Test
    void anAcceptedFailedWaveIsNotRunAgain() {
        FakeScaleSet scaleSet = upgradedThrough(3);
        harness.start(scaleSet, aPlan().build(), new ResumePoint(BASELINE, PLAN, 3, RolloutState.RUNNING, 30, List.of(),
                null, false, List.of(1), PendingRequests.NONE));

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(WAVE_STARTED)).extracting(ProgressEvent::wave).containsExactly(3, 4);
        assertThat(result.waves().get(1).state()).as("the accepted failure stays a failure").isEqualTo(WaveState.FAILED);
        assertThat(harness.progress.ofType(EventType.SUCCEEDED).get(0).message()).contains("16 instances upgraded");
    }
}
