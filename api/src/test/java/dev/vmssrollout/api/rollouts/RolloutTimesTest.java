package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.ApprovalRecord;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elapsed time, approval waits and the estimate of the time left, from what the database recorded. The sample: a
 * FIRST_WAVE rollout of 5 waves submitted at 10:00:00; wave 1 waited 5 minutes for approval, ran from 10:05:10 to
 * 10:06:10, and wave 2 has waited for approval since then.
 */
class RolloutTimesTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void waitingForTheSecondApprovalCountsTheWaitsApartFromTheEstimate() {
        Instant now = at(7 * 60 + 10);

        RolloutView.Timing timing = RolloutTimes.of(rollout(RolloutState.WAITING_FOR_APPROVAL, Duration.ZERO), now);

        assertThat(timing.startedAt()).isEqualTo(T0);
        assertThat(timing.endedAt()).isNull();
        assertThat(timing.elapsedSeconds()).isEqualTo(430);
        assertThat(timing.approvalWaitSeconds()).as("5 min for wave 1, 1 min so far for wave 2").isEqualTo(360);
        assertThat(timing.waitingForApprovalSeconds()).isEqualTo(60);
        assertThat(timing.observedWaveSeconds()).isEqualTo(60);
        assertThat(timing.estimatedRemainingSeconds()).as("4 waves left x 60 s").isEqualTo(240);
        assertThat(timing.estimatedEndAt()).isEqualTo(now.plusSeconds(240));
        assertThat(timing.approvalsAhead()).as("wave 2 still needs its approval").isEqualTo(1);
    }

    @Test
    void pausesBetweenWavesAreAddedToTheEstimate() {
        RolloutView.Timing timing = RolloutTimes.of(rollout(RolloutState.WAITING_FOR_APPROVAL, Duration.ofMinutes(2)),
                at(7 * 60 + 10));

        assertThat(timing.estimatedRemainingSeconds()).as("4 x 60 s + 3 pauses of 120 s").isEqualTo(240 + 360);
    }

    @Test
    void noEstimateBeforeAWaveHasCompleted() {
        RolloutDetails fresh = Fixtures.stored("r1", plan(Duration.ZERO), RolloutState.WAITING_FOR_APPROVAL, "alice", 0);

        RolloutView.Timing timing = RolloutTimes.of(fresh, Fixtures.AT.plusSeconds(30));

        assertThat(timing.observedWaveSeconds()).isNull();
        assertThat(timing.estimatedRemainingSeconds()).isNull();
        assertThat(timing.approvalsAhead()).as("waves 1 and 2 are gated").isEqualTo(2);
    }

    @Test
    void anEndedRolloutHasItsTotalAndNoEstimate() {
        RolloutDetails running = rollout(RolloutState.WAITING_FOR_APPROVAL, Duration.ZERO);
        RolloutDetails cancelled = new RolloutDetails(running.id(), running.plan(), RolloutState.CANCELLED, "cancelled",
                running.submittedBy(), running.createdAt(), at(600), running.imageChange(), null, 1, 5, 9,
                running.waves(), List.of(), running.approvals(), running.events(), null);

        RolloutView.Timing timing = RolloutTimes.of(cancelled, at(3600));

        assertThat(timing.endedAt()).isEqualTo(at(600));
        assertThat(timing.elapsedSeconds()).isEqualTo(600);
        assertThat(timing.estimatedRemainingSeconds()).isNull();
        assertThat(timing.approvalsAhead()).isZero();
    }

    @Test
    void aRunningWaveIsTakenOffTheEstimateAsItGoes() {
        RolloutDetails r = rollout(RolloutState.WAITING_FOR_APPROVAL, Duration.ZERO);
        List<WaveDetails> waves = new ArrayList<>(r.waves());
        WaveDetails second = waves.get(1);
        waves.set(1, new WaveDetails(1, second.label(), WaveState.UPGRADING, at(7 * 60 + 10), null, second.instances()));
        RolloutDetails running = new RolloutDetails(r.id(), r.plan(), RolloutState.RUNNING, null, r.submittedBy(),
                r.createdAt(), r.updatedAt(), r.imageChange(), null, 1, 5, 9, waves, List.of(),
                List.of(r.approvals().get(0), new ApprovalRecord(1, "bob", null, at(7 * 60 + 10))), r.events(), null);

        RolloutView.Timing timing = RolloutTimes.of(running, at(7 * 60 + 30));

        assertThat(timing.estimatedRemainingSeconds()).as("4 x 60 s less the 20 s wave 2 has run").isEqualTo(220);
        assertThat(timing.approvalsAhead()).isZero();
        assertThat(RolloutTimes.waveElapsedSeconds(waves.get(1), at(7 * 60 + 30))).isEqualTo(20);
        assertThat(RolloutTimes.waveElapsedSeconds(waves.get(0), at(7 * 60 + 30))).isEqualTo(60);
        assertThat(RolloutTimes.waveElapsedSeconds(waves.get(2), at(7 * 60 + 30))).isNull();
    }

    private static RolloutPlan plan(Duration pause) {
        return new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"),
                new Strategy(StrategyMode.UPDATE_DOMAIN, null, null, null, pause, false), ApprovalMode.FIRST_WAVE,
                null, null, false).withDefaults();
    }

    private static RolloutDetails rollout(RolloutState state, Duration pause) {
        RolloutDetails base = Fixtures.stored("r1", plan(pause), state, "alice", 1);
        List<WaveDetails> waves = new ArrayList<>(base.waves());
        WaveDetails first = waves.get(0);
        waves.set(0, new WaveDetails(0, first.label(), WaveState.SUCCEEDED, at(310), at(370), first.instances()));
        List<EventRecord> events = List.of(
                new EventRecord(1, T0, EventType.SUBMITTED, "alice", "rollout submitted by alice", null),
                new EventRecord(2, at(10), EventType.WAITING_FOR_APPROVAL, null, "wave 1/5 waiting for approval", 0),
                new EventRecord(3, at(310), EventType.APPROVED, "bob", "wave 1/5 approved by bob", 0),
                new EventRecord(4, at(310), EventType.WAVE_STARTED, null, "wave 1/5 started (4 instances)", 0),
                new EventRecord(5, at(370), EventType.WAVE_COMPLETED, null, "wave 1/5 completed (4 instances)", 0),
                new EventRecord(6, at(370), EventType.WAITING_FOR_APPROVAL, null, "wave 2/5 waiting for approval", 1));
        return new RolloutDetails("r1", base.plan(), state, "wave 2/5 waiting for approval", "alice", T0, at(370),
                base.imageChange(), null, 1, 5, 6, waves, List.of(), List.of(new ApprovalRecord(0, "bob", null, at(310))),
                events, null);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
