package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.progress.PendingRequests;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.ResumableRollout;
import dev.vmssrollout.model.store.RolloutClaim;
import dev.vmssrollout.model.store.UnknownRolloutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;
import java.util.Map;

import static dev.vmssrollout.db.Fixtures.BASELINE;
import static dev.vmssrollout.db.Fixtures.freshScaleSet;
import static dev.vmssrollout.db.Fixtures.newRollout;
import static dev.vmssrollout.db.Fixtures.threeWaves;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void anEmergencyOverrideIsReadBackAsAskedForAndThenAsApproved() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        EventScript script = new EventScript(rollout.rolloutId());
        store.record(script.reaches(RolloutState.WAITING_FOR_WINDOW));
        assertThat(resumable(rollout.rolloutId()).windowOverride()).isNull();

        store.record(script.overrideRequested("alice", "CVE-2026-1234: exploited; patch tonight"));
        assertThat(resumable(rollout.rolloutId()).windowOverride())
                .isEqualTo(new WindowOverride("alice", "CVE-2026-1234: exploited; patch tonight", null));

        store.record(script.overrideApproved("alice", "bob", "agreed on the call"));
        assertThat(resumable(rollout.rolloutId()).windowOverride())
                .isEqualTo(new WindowOverride("alice", "CVE-2026-1234: exploited; patch tonight", "bob"));
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

    /** Issue 12, scenario 3: wave 2/3 failed, an operator resumed past it, wave 3/3 was running when the workflow was lost. */
    @Test
    void anAcceptedFailedWaveIsNotRunAgain() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        EventScript script = new EventScript(rollout.rolloutId());
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waveStarted(0, List.of("0", "5", "10")));
        store.record(script.waveCompleted(0, List.of("0", "5", "10")));
        store.record(script.waveStarted(1, List.of("1", "6")));
        store.record(script.waveFailed(1, Map.of("6", InstanceState.FAILED), "instance 6 failed"));
        store.record(script.paused("onFailure=PAUSE", "wave 2/3 failed"));
        store.record(script.resumed("bob"));
        store.record(script.waveStarted(2, List.of("2", "7", "12")));

        ResumePoint resume = resumePointOf(rollout.rolloutId());

        assertThat(resume.completedWaves()).as("waves done: 1/3 succeeded, 2/3 failed and accepted").isEqualTo(2);
        assertThat(resume.acceptedFailedWaves()).containsExactly(1);
        assertThat(resume.failedWave()).isNull();
        assertThat(resume.state()).isEqualTo(RolloutState.RUNNING);
    }

    /** Issue 12, scenario 2: requests recorded while a wave ran are part of the resume point. */
    @Test
    void requestsSurviveRecovery() {
        NewRollout cancelled = newRollout(freshScaleSet());
        NewRollout rolledBack = newRollout(freshScaleSet());
        NewRollout paused = newRollout(freshScaleSet());
        NewRollout withdrawn = newRollout(freshScaleSet());
        for (NewRollout rollout : List.of(cancelled, rolledBack, paused, withdrawn)) {
            store.create(rollout);
        }
        EventScript cancel = inFlight(cancelled);
        store.record(cancel.cancelRequested("bob", "change freeze"));
        EventScript rollback = inFlight(rolledBack);
        store.record(rollback.rollbackRequested("carol", "errors in canary"));
        EventScript pause = inFlight(paused);
        store.record(pause.pauseRequested("dave", "look at the dashboards"));
        EventScript withdraw = inFlight(withdrawn);
        store.record(withdraw.pauseRequested("erin", "hold on"));
        store.record(withdraw.resumed("erin"));

        assertThat(resumePointOf(cancelled.rolloutId()).pending())
                .isEqualTo(new PendingRequests(null, new PendingRequests.Request("bob", "change freeze"), null));
        assertThat(resumePointOf(rolledBack.rolloutId()).pending())
                .isEqualTo(new PendingRequests(null, null, new PendingRequests.Request("carol", "errors in canary")));
        assertThat(resumePointOf(paused.rolloutId()).pending())
                .isEqualTo(new PendingRequests(new PendingRequests.Request("dave", "look at the dashboards"), null, null));
        assertThat(resumePointOf(withdrawn.rolloutId()).pending()).isEqualTo(PendingRequests.NONE);
    }

    private EventScript inFlight(NewRollout rollout) {
        EventScript script = new EventScript(rollout.rolloutId());
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waveStarted(0, List.of("0", "5", "10")));
        return script;
    }

    @Test
    void aRolloutNotYetPlannedResumesFromTheStart() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);

        assertThat(resumePointOf(rollout.rolloutId()))
                .isEqualTo(new ResumePoint(null, null, 0, RolloutState.PENDING, 2, List.of()));
    }

    @Test
    void aRolloutIsUnclaimedSinceItWasStoredUntilARunClaimsIt() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        String token = store.issueClaimToken(rollout.rolloutId());

        assertThat(resumable(rollout.rolloutId()).unclaimedSince()).isEqualTo(rollout.at());
        assertThat(store.claim(new RolloutClaim(rollout.rolloutId(), token, "run-1", null, false, rollout.plan(),
                rollout.submittedBy())).granted()).isTrue();
        assertThat(resumable(rollout.rolloutId()).unclaimedSince()).isNull();
    }

    @Test
    void aTokenIsReissuedOnlyWhileTheRolloutStillHoldsTheOneTheReconcilerRead() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        String first = store.issueClaimToken(rollout.rolloutId());
        String seen = resumable(rollout.rolloutId()).claimToken();
        assertThat(seen).isEqualTo(first);

        Optional<String> winner = store.reissueClaimToken(rollout.rolloutId(), seen);
        Optional<String> second = store.reissueClaimToken(rollout.rolloutId(), seen);

        assertThat(winner).isPresent();
        assertThat(second).as("another reconciler issued one since").isEmpty();
        assertThat(resumable(rollout.rolloutId()).claimToken()).isEqualTo(winner.get());
        assertThatThrownBy(() -> store.reissueClaimToken("no-such-rollout", null))
                .isInstanceOf(UnknownRolloutException.class);
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
        return resumable(rolloutId).resumePoint();
    }

    private ResumableRollout resumable(String rolloutId) {
        return store.nonTerminal().stream().filter(r -> r.rolloutId().equals(rolloutId)).findFirst().orElseThrow();
    }
}
