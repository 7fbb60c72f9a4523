package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.ApprovalRecord;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.model.store.WaveDetails;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.vmssrollout.db.Fixtures.BASELINE;
import static dev.vmssrollout.db.Fixtures.SUBSCRIPTION;
import static dev.vmssrollout.db.Fixtures.T0;
import static dev.vmssrollout.db.Fixtures.planFor;
import static dev.vmssrollout.db.Fixtures.threeWaves;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Five rollouts written through the store as the workflow would write them, read back as the API reads them. */
class ReadRolloutsTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private static final List<String> WAVE_0 = List.of("0", "5", "10");
    private static final List<String> WAVE_1 = List.of("1", "6");
    private static final List<String> WAVE_2 = List.of("2", "7", "12");
    private static final ScaleSetRef WEB = new ScaleSetRef(SUBSCRIPTION, "demo-rg", "web");
    private static final ScaleSetRef API = new ScaleSetRef(SUBSCRIPTION, "demo-rg", "api");
    private static final ScaleSetRef OTHER_WEB = new ScaleSetRef(SUBSCRIPTION, "other-rg", "web");
    private static final ScaleSetRef BATCH = new ScaleSetRef(SUBSCRIPTION, "demo-rg", "batch");

    private static JdbcRolloutStore store;
    private static String succeeded;
    private static String waiting;
    private static String running;
    private static String paused;
    private static String pending;

    @BeforeAll
    static void writeHistory() {
        store = new JdbcRolloutStore(db.dataSource());

        succeeded = submit(WEB, 0);
        EventScript s = script(succeeded, 0);
        store.record(s.preflightPassed(BASELINE));
        store.record(s.wavesPlanned(threeWaves()));
        store.record(s.waitingForApproval(0));
        store.record(s.approved(0, "bob"));
        store.record(s.waveStarted(0, WAVE_0));
        store.record(s.waveCompleted(0, WAVE_0));
        store.record(s.waitingForApproval(1));
        store.record(s.approved(1, "bob"));
        store.record(s.waveStarted(1, WAVE_1));
        store.record(s.waveCompleted(1, WAVE_1));
        store.record(s.waveStarted(2, WAVE_2));
        store.record(s.waveCompleted(2, WAVE_2));
        store.record(s.succeeded(8));

        waiting = submit(API, 1);
        EventScript w = script(waiting, 1);
        store.record(w.preflightPassed(BASELINE));
        store.record(w.wavesPlanned(threeWaves()));
        store.record(w.waitingForApproval(0));

        running = submit(OTHER_WEB, 2);
        EventScript r = script(running, 2);
        store.record(r.preflightPassed(BASELINE));
        store.record(r.wavesPlanned(threeWaves()));
        store.record(r.waveStarted(0, WAVE_0));
        store.record(r.waveCompleted(0, WAVE_0));
        store.record(r.waveStarted(1, WAVE_1));

        paused = submit(BATCH, 3);
        EventScript p = script(paused, 3);
        store.record(p.preflightPassed(BASELINE));
        store.record(p.paused("alice", "waiting for the change window"));

        pending = submit(WEB, 4);
    }

    private static String submit(ScaleSetRef target, int hour) {
        NewRollout rollout = new NewRollout(Fixtures.newId(), planFor(target), "alice", null, hour(hour));
        store.create(rollout);
        return rollout.rolloutId();
    }

    private static EventScript script(String rolloutId, int hour) {
        return new EventScript(rolloutId, hour(hour));
    }

    private static Instant hour(int hour) {
        return T0.plusSeconds(3600L * hour);
    }

    private static Instant minute(int hour, long minute) {
        return hour(hour).plusSeconds(60 * minute);
    }

    @Test
    void findShowsASucceededRolloutAsItHappened() {
        RolloutDetails found = store.find(succeeded).orElseThrow();

        assertThat(found.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(found.stateReason()).isNull();
        assertThat(found.baseline()).isEqualTo(BASELINE);
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.updatedAt()).isEqualTo(minute(0, 14));
        assertThat(found.wavesTotal()).isEqualTo(3);
        assertThat(found.currentWave()).isEqualTo(2);
        assertThat(found.lastSeq()).isEqualTo(14);
        assertThat(found.waves()).extracting(WaveDetails::state).containsOnly(WaveState.SUCCEEDED);
        assertThat(found.waves()).extracting(WaveDetails::startedAt)
                .containsExactly(minute(0, 6), minute(0, 10), minute(0, 12));
        assertThat(found.waves()).extracting(WaveDetails::completedAt)
                .containsExactly(minute(0, 7), minute(0, 11), minute(0, 13));
        assertThat(found.waves().get(0).instances()).containsExactly(new InstanceStatus("0", InstanceState.HEALTHY),
                new InstanceStatus("5", InstanceState.HEALTHY), new InstanceStatus("10", InstanceState.HEALTHY));
        assertThat(found.skippedInstanceIds()).containsExactly("3");
        assertThat(found.approvals()).containsExactly(
                new ApprovalRecord(0, "bob", "wave 1/3 approved by bob", minute(0, 5)),
                new ApprovalRecord(1, "bob", "wave 2/3 approved by bob", minute(0, 9)));
        assertThat(found.events()).extracting(EventRecord::seq).containsExactly(
                1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(found.events()).extracting(EventRecord::type).containsExactly(EventType.SUBMITTED,
                EventType.PREFLIGHT_PASSED, EventType.WAVES_PLANNED, EventType.WAITING_FOR_APPROVAL, EventType.APPROVED,
                EventType.WAVE_STARTED, EventType.WAVE_COMPLETED, EventType.WAITING_FOR_APPROVAL, EventType.APPROVED,
                EventType.WAVE_STARTED, EventType.WAVE_COMPLETED, EventType.WAVE_STARTED, EventType.WAVE_COMPLETED,
                EventType.SUCCEEDED);
        assertThat(found.events().get(13)).isEqualTo(new EventRecord(14, minute(0, 14), EventType.SUCCEEDED, "system",
                "rollout succeeded: 8 instances upgraded", null));
        assertThat(found.events().get(5).wave()).isZero();
    }

    @Test
    void listShowsNewestFirstWithProgressCounts() {
        RolloutPage page = store.list(RolloutQuery.all());

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.hasMore()).isFalse();
        assertThat(page.items()).extracting(RolloutSummary::id).containsExactly(pending, paused, running, waiting, succeeded);
        assertThat(summary(page, succeeded)).isEqualTo(new RolloutSummary(succeeded, WEB, RolloutState.SUCCEEDED, null,
                "version 24.04.202501010", "alice", 3, 3, 8, 8, null, T0, minute(0, 14)));
        assertThat(summary(page, waiting)).isEqualTo(new RolloutSummary(waiting, API, RolloutState.WAITING_FOR_APPROVAL,
                "wave 1/3 waiting for approval", "version 24.04.202501010", "alice", 0, 3, 0, 8, 0, hour(1), minute(1, 4)));
        RolloutSummary inProgress = summary(page, running);
        assertThat(inProgress.wavesCompleted()).isEqualTo(1);
        assertThat(inProgress.instancesUpgraded()).isEqualTo(3);
        assertThat(inProgress.waitingForApprovalWave()).isNull();
        assertThat(summary(page, paused).stateReason()).isEqualTo("paused by alice: waiting for the change window");
        assertThat(summary(page, pending).wavesTotal()).isZero();
        assertThat(summary(page, pending).instancesTotal()).isZero();
    }

    @Test
    void listFiltersByStateAndByScaleSetIgnoringCase() {
        assertThat(ids(RolloutQuery.all().withState(RolloutState.SUCCEEDED))).containsExactly(succeeded);
        assertThat(ids(RolloutQuery.all().withScaleSet(SUBSCRIPTION, "DEMO-RG", "Web"))).containsExactly(pending, succeeded);
        assertThat(ids(RolloutQuery.all().withScaleSet(null, "Other-RG", null))).containsExactly(running);
        assertThat(ids(RolloutQuery.all().withScaleSet(SUBSCRIPTION.toUpperCase(), null, "web")))
                .containsExactly(pending, running, succeeded);
        assertThat(ids(RolloutQuery.all().withState(RolloutState.PAUSED).withScaleSet(null, "demo-rg", null)))
                .containsExactly(paused);
        RolloutPage none = store.list(RolloutQuery.all().withState(RolloutState.FAILED));
        assertThat(none.items()).isEmpty();
        assertThat(none.total()).isZero();
    }

    @Test
    void listPagesThroughEveryRolloutOnce() {
        List<String> seen = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            RolloutPage page = store.list(RolloutQuery.all().page(2, offset));
            assertThat(page.total()).isEqualTo(5);
            page.items().forEach(item -> seen.add(item.id()));
            more.add(page.hasMore());
        }
        assertThat(seen).containsExactly(pending, paused, running, waiting, succeeded);
        assertThat(more).containsExactly(true, true, false);
        assertThat(store.list(RolloutQuery.all().withState(RolloutState.RUNNING).page(1, 1)).items()).isEmpty();
    }

    @Test
    void queryLimitsAreChecked() {
        assertThatThrownBy(() -> RolloutQuery.all().page(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RolloutQuery.all().page(RolloutQuery.MAX_LIMIT + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RolloutQuery.all().page(10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list(RolloutQuery.all().page(RolloutQuery.MAX_LIMIT, 0)).items()).hasSize(5);
    }

    @Test
    void findActiveFindsTheUnfinishedRolloutOfAScaleSet() {
        assertThat(store.findActive(new ScaleSetRef(SUBSCRIPTION, "Demo-RG", "WEB")))
                .hasValueSatisfying(a -> assertThat(a.id()).isEqualTo(pending));
        assertThat(store.findActive(API)).hasValueSatisfying(a -> {
            assertThat(a.id()).isEqualTo(waiting);
            assertThat(a.waitingForApprovalWave()).isZero();
        });
        assertThat(store.findActive(new ScaleSetRef(SUBSCRIPTION, "demo-rg", "nothing-here"))).isEmpty();
    }

    private static RolloutSummary summary(RolloutPage page, String id) {
        return page.items().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(RolloutQuery query) {
        return store.list(query).items().stream().map(RolloutSummary::id).toList();
    }
}
