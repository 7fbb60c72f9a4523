package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.ResumableRollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.vmssrollout.db.Fixtures.BASELINE;
import static dev.vmssrollout.db.Fixtures.freshScaleSet;
import static dev.vmssrollout.db.Fixtures.newRollout;
import static dev.vmssrollout.db.Fixtures.threeWaves;
import static org.assertj.core.api.Assertions.assertThat;

class ResumePointTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private final JdbcRolloutStore store = new JdbcRolloutStore(db.dataSource());

    @Test
    void rebuildsTheWavePlanProgressAndApprovalsThatWereRecorded() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        // Batches are cut in update-domain order, so instances within a wave are not in ID order.
        WavePlan plan = new WavePlan(List.of(
                new Wave(0, "update domain 0, 1", List.of("10", "2", "9")),
                new Wave(1, "update domain 1, 2", List.of("11", "1")),
                new Wave(2, "update domain 3", List.of("4"))),
                List.of("7", "3"));
        EventScript script = new EventScript(rollout.rolloutId());
        store.record(script.preflightPassed(BASELINE));
        store.record(script.wavesPlanned(plan));
        store.record(script.waitingForApproval(0));
        store.record(script.approved(0, "bob"));
        store.record(script.waveStarted(0, List.of("10", "2", "9")));
        store.record(script.waveCompleted(0, List.of("10", "2", "9")));
        store.record(script.waitingForApproval(1));
        store.record(script.approved(1, "bob"));
        store.record(script.waveStarted(1, List.of("11", "1")));

        ResumableRollout resumable = store.nonTerminal().stream()
                .filter(r -> r.rolloutId().equals(rollout.rolloutId())).findFirst().orElseThrow();

        assertThat(resumable.rolloutId()).isEqualTo(rollout.rolloutId());
        assertThat(resumable.plan()).isEqualTo(rollout.plan());
        assertThat(resumable.submittedBy()).isEqualTo("alice");
        assertThat(resumable.resumePoint()).isEqualTo(
                new ResumePoint(BASELINE, plan, 1, RolloutState.RUNNING, script.nextSeq(), List.of(0, 1)));
    }

    @Test
    void completedWavesCountsOnlySucceededWavesFromTheFirst() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        EventScript script = new EventScript(rollout.rolloutId());
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waveCompleted(0, List.of("0", "5", "10")));
        store.record(script.waveFailed(1, Map.of("6", InstanceState.FAILED), "instance 6 unhealthy"));
        store.record(script.waveCompleted(2, List.of("2", "7", "12")));
        store.record(script.paused("system", "wave 2 failed"));

        ResumePoint resume = resumePointOf(rollout.rolloutId());

        assertThat(resume.completedWaves()).isEqualTo(1);
        assertThat(resume.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(resume.failedWave()).isEqualTo(1);
        assertThat(resume.continuedAsNew()).isFalse();
        assertThat(resume.wavePlan()).isEqualTo(threeWaves());
        assertThat(resume.nextSeq()).isEqualTo(7);
        assertThat(resume.approvedWaves()).isEmpty();
    }

    @Test
    void aRolloutPausedWithoutAFailedWaveHasNoFailedWave() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        EventScript script = new EventScript(rollout.rolloutId());
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waveCompleted(0, List.of("0", "5", "10")));
        store.record(script.paused("bob", "change freeze"));

        ResumePoint resume = resumePointOf(rollout.rolloutId());

        assertThat(resume.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(resume.completedWaves()).isEqualTo(1);
        assertThat(resume.failedWave()).isNull();
    }

    @Test
    void aRolloutNotYetPlannedResumesFromTheStart() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);

        assertThat(resumePointOf(rollout.rolloutId()))
                .isEqualTo(new ResumePoint(null, null, 0, RolloutState.PENDING, 2, List.of()));
    }

    @Test
    void finishedRolloutsAreNotResumed() {
        NewRollout done = newRollout(freshScaleSet());
        NewRollout cancelled = newRollout(freshScaleSet());
        NewRollout paused = newRollout(freshScaleSet());
        store.create(done);
        store.create(cancelled);
        store.create(paused);
        store.record(new EventScript(done.rolloutId()).reaches(RolloutState.SUCCEEDED));
        store.record(new EventScript(cancelled.rolloutId()).reaches(RolloutState.CANCELLED));
        store.record(new EventScript(paused.rolloutId()).reaches(RolloutState.PAUSED));

        List<String> ids = store.nonTerminal().stream().map(ResumableRollout::rolloutId).toList();

        assertThat(ids).contains(paused.rolloutId()).doesNotContain(done.rolloutId(), cancelled.rolloutId());
    }

    private ResumePoint resumePointOf(String rolloutId) {
        return store.nonTerminal().stream().filter(r -> r.rolloutId().equals(rolloutId)).findFirst()
                .orElseThrow().resumePoint();
    }
}
