package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.ApprovalRecord;
import dev.vmssrollout.model.store.EventConflictException;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.UnknownRolloutException;
import dev.vmssrollout.model.store.WaveDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static dev.vmssrollout.db.EventScript.at;
import static dev.vmssrollout.db.Fixtures.BASELINE;
import static dev.vmssrollout.db.Fixtures.freshScaleSet;
import static dev.vmssrollout.db.Fixtures.newRollout;
import static dev.vmssrollout.db.Fixtures.threeWaves;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RecordProgressTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private final JdbcRolloutStore store = new JdbcRolloutStore(db.dataSource());
    private final JdbcClient jdbc = JdbcClient.create(db.dataSource());

    private String rolloutId;
    private EventScript script;

    private void givenARollout() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);
        rolloutId = rollout.rolloutId();
        script = new EventScript(rolloutId);
    }

    private RolloutDetails rollout() {
        return store.find(rolloutId).orElseThrow();
    }

    @Test
    void recordingAnEventTwiceStoresOneRowAndAppliesItOnce() {
        givenARollout();
        store.record(script.wavesPlanned(threeWaves()));
        ProgressEvent started = script.waveStarted(0, List.of("0", "5", "10"));
        ProgressEvent approved = script.approved(1, "bob");
        ProgressEvent completed = script.waveCompleted(0, List.of("0", "5", "10"));

        assertThat(store.record(started)).isTrue();
        assertThat(store.record(approved)).isTrue();
        assertThat(store.record(completed)).isTrue();
        // A retried activity delivers the same events again, after the wave moved on.
        assertThat(store.record(started)).isFalse();
        assertThat(store.record(approved)).isFalse();

        RolloutDetails found = rollout();
        assertThat(found.events()).extracting(e -> e.seq()).containsExactly(1L, 2L, 3L, 4L, 5L);
        WaveDetails wave0 = found.waves().get(0);
        assertThat(wave0.state()).isEqualTo(WaveState.SUCCEEDED);
        assertThat(wave0.startedAt()).isEqualTo(at(3));
        assertThat(wave0.completedAt()).isEqualTo(at(5));
        assertThat(wave0.instances()).extracting(InstanceStatus::state).containsOnly(InstanceState.HEALTHY);
        assertThat(found.approvals()).hasSize(1);
        assertThat(found.lastSeq()).isEqualTo(5);
        assertThat(found.updatedAt()).isEqualTo(at(5));
    }

    @Test
    void wavesPlannedStoresPendingWavesAndInstancesAndTheSkippedOnes() {
        givenARollout();

        store.record(script.wavesPlanned(threeWaves()));

        RolloutDetails found = rollout();
        assertThat(found.wavesTotal()).isEqualTo(3);
        assertThat(found.waves()).extracting(WaveDetails::index, WaveDetails::label, WaveDetails::state).containsExactly(
                tuple(0, "update domain 0", WaveState.PENDING),
                tuple(1, "update domain 1", WaveState.PENDING),
                tuple(2, "update domain 2", WaveState.PENDING));
        assertThat(found.waves().get(0).instances()).containsExactly(new InstanceStatus("0", InstanceState.PENDING),
                new InstanceStatus("5", InstanceState.PENDING), new InstanceStatus("10", InstanceState.PENDING));
        assertThat(found.waves().get(2).instances()).extracting(InstanceStatus::instanceId).containsExactly("2", "7", "12");
        assertThat(found.skippedInstanceIds()).containsExactly("3");
        assertThat(jdbc.sql("SELECT state FROM instances WHERE rollout_id = :id AND instance_id = '3'")
                .param("id", rolloutId).query(String.class).single()).isEqualTo("SKIPPED");
        assertThat(found.state()).isEqualTo(RolloutState.PENDING);
    }

    @Test
    void aWaveRecordsWhenItStartedAndWhenItFinished() {
        givenARollout();
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waveStarted(1, List.of("1", "6")));

        WaveDetails upgrading = rollout().waves().get(1);
        assertThat(upgrading.state()).isEqualTo(WaveState.UPGRADING);
        assertThat(upgrading.startedAt()).isEqualTo(at(3));
        assertThat(upgrading.completedAt()).isNull();
        assertThat(upgrading.instances()).extracting(InstanceStatus::state).containsOnly(InstanceState.UPGRADING);
        assertThat(rollout().currentWave()).isEqualTo(1);

        store.record(script.waveFailed(1, Map.of("1", InstanceState.HEALTHY, "6", InstanceState.FAILED), "instance 6 did not boot"));

        WaveDetails failed = rollout().waves().get(1);
        assertThat(failed.state()).isEqualTo(WaveState.FAILED);
        assertThat(failed.completedAt()).isEqualTo(at(4));
        assertThat(failed.instances()).containsExactly(new InstanceStatus("1", InstanceState.HEALTHY),
                new InstanceStatus("6", InstanceState.FAILED));
        assertThat(rollout().waves().get(0).startedAt()).isNull();
    }

    @Test
    void aFailedWaveKeepsWhatAzureSaidOfEachBadInstanceUntilItsStateChangesAgain() {
        givenARollout();
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waveStarted(1, List.of("1", "6")));
        InstanceProblem failedUpgrade = new InstanceProblem("VMUpgradeFailed",
                "The upgrade of the virtual machine failed.", Instance.Health.UNKNOWN);

        store.record(EventScript.withProblems(script.waveFailed(1,
                Map.of("1", InstanceState.HEALTHY, "6", InstanceState.FAILED), "instance 6 failed"),
                Map.of("6", failedUpgrade)));

        assertThat(rollout().waves().get(1).instances()).containsExactly(new InstanceStatus("1", InstanceState.HEALTHY),
                new InstanceStatus("6", InstanceState.FAILED, failedUpgrade));

        store.record(script.waveStarted(1, List.of("1", "6")));

        assertThat(rollout().waves().get(1).instances()).extracting(InstanceStatus::problem).containsOnlyNulls();
    }

    @Test
    void rolloutStateCarriesTheReasonOnlyWhileItNeedsOne() {
        givenARollout();
        store.record(script.preflightPassed(BASELINE));
        assertThat(rollout().state()).isEqualTo(RolloutState.RUNNING);
        assertThat(rollout().baseline()).isEqualTo(BASELINE);

        ProgressEvent paused = script.paused("bob", "error budget spent");
        store.record(paused);
        assertThat(rollout().state()).isEqualTo(RolloutState.PAUSED);
        assertThat(rollout().stateReason()).isEqualTo("paused by bob: error budget spent");
        assertThat(rollout().updatedAt()).isEqualTo(paused.at());

        store.record(script.resumed("alice"));
        assertThat(rollout().state()).isEqualTo(RolloutState.RUNNING);
        assertThat(rollout().stateReason()).isNull();
        assertThat(rollout().baseline()).isEqualTo(BASELINE);
    }

    @Test
    void anApprovalKeepsTheApproverAndTheMessage() {
        givenARollout();
        store.record(script.wavesPlanned(threeWaves()));
        store.record(script.waitingForApproval(0));
        assertThat(rollout().state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(rollout().stateReason()).isEqualTo("wave 1/3 waiting for approval");
        assertThat(rollout().waves().get(0).state()).isEqualTo(WaveState.WAITING_FOR_APPROVAL);

        store.record(script.approved(0, "bob"));

        assertThat(rollout().approvals()).containsExactly(new ApprovalRecord(0, "bob", "wave 1/3 approved by bob", at(4)));
        assertThat(rollout().state()).isEqualTo(RolloutState.RUNNING);
        assertThat(rollout().stateReason()).isNull();
    }

    @Test
    void anEventForAnUnknownRolloutIsRefused() {
        ProgressEvent event = new EventScript("no-such-rollout").paused("bob", "why not");

        assertThatThrownBy(() -> store.record(event))
                .isInstanceOfSatisfying(UnknownRolloutException.class,
                        e -> assertThat(e.rolloutId()).isEqualTo("no-such-rollout"));
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE rollout_id = 'no-such-rollout'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anEventNamingAnInstanceThatWasNotPlannedIsRefusedWhole() {
        givenARollout();
        store.record(script.wavesPlanned(threeWaves()));
        ProgressEvent wrong = script.waveStarted(0, List.of("0", "5", "99"));

        assertThatThrownBy(() -> store.record(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no planned instance 99");

        RolloutDetails found = rollout();
        assertThat(found.lastSeq()).isEqualTo(2);
        assertThat(found.events()).hasSize(2);
        assertThat(found.waves().get(0).state()).isEqualTo(WaveState.PENDING);
        assertThat(found.waves().get(0).instances()).extracting(InstanceStatus::state).containsOnly(InstanceState.PENDING);
    }

    @Test
    void anEventForAWaveThatWasNotPlannedIsRefused() {
        givenARollout();
        ProgressEvent beforePlanning = script.waveStarted(0, List.of());

        assertThatThrownBy(() -> store.record(beforePlanning))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no wave 0");
        assertThat(rollout().events()).hasSize(1);
    }

    @Test
    void aDifferentEventUnderARecordedSeqIsAConflictNotARetry() {
        givenARollout();
        ProgressEvent paused = script.paused("bob", "looks odd");
        store.record(paused);
        ProgressEvent other = new ProgressEvent(rolloutId, paused.seq(), paused.at(), EventType.CANCELLED, "bob",
                "rollout cancelled: by bob", RolloutState.CANCELLED, null, null, Map.of(), null, null);

        assertThatThrownBy(() -> store.record(other))
                .isInstanceOfSatisfying(EventConflictException.class, e -> assertThat(e.seq()).isEqualTo(paused.seq()));
        assertThat(rollout().state()).isEqualTo(RolloutState.PAUSED);
    }

    @Test
    void anEventArrivingAfterANewerOneDoesNotWindTheRolloutBack() {
        givenARollout();
        ProgressEvent resumed = script.resumed("alice");
        ProgressEvent paused = script.paused("bob", "maintenance window");
        store.record(paused);

        assertThat(store.record(resumed)).isTrue();

        RolloutDetails found = rollout();
        assertThat(found.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(found.lastSeq()).isEqualTo(paused.seq());
        assertThat(found.updatedAt()).isEqualTo(paused.at());
        assertThat(found.events()).extracting(e -> e.type())
                .containsExactly(EventType.SUBMITTED, EventType.RESUMED, EventType.PAUSED);
    }

    @Test
    void theSamePlanAgainIsAcceptedButADifferentOneIsRefused() {
        givenARollout();
        store.record(script.wavesPlanned(threeWaves()));

        assertThat(store.record(script.wavesPlanned(threeWaves()))).isTrue();
        WavePlan other = new WavePlan(List.of(new Wave(0, "update domain 0", List.of("0", "1"))), List.of());
        assertThatThrownBy(() -> store.record(script.wavesPlanned(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different wave plan");
        assertThat(rollout().wavesTotal()).isEqualTo(3);
        assertThat(rollout().lastSeq()).isEqualTo(3);
    }
}
