package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.ActiveRolloutExistsException;
import dev.vmssrollout.model.store.Created;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.IdempotencyKeyReusedException;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static dev.vmssrollout.db.Fixtures.T0;
import static dev.vmssrollout.db.Fixtures.freshScaleSet;
import static dev.vmssrollout.db.Fixtures.newId;
import static dev.vmssrollout.db.Fixtures.newRollout;
import static dev.vmssrollout.db.Fixtures.planFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateRolloutTest {

    private static final int CONTENDERS = 4;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private final JdbcRolloutStore store = new JdbcRolloutStore(db.dataSource());
    private final JdbcClient jdbc = JdbcClient.create(db.dataSource());

    @Test
    void storesAPendingRolloutWithItsSubmittedEvent() {
        ScaleSetRef target = freshScaleSet();
        NewRollout rollout = newRollout(target);

        Created result = store.create(rollout);

        assertThat(result.created()).isTrue();
        RolloutDetails found = store.find(rollout.rolloutId()).orElseThrow();
        assertThat(found).isEqualTo(result.rollout());
        assertThat(found.plan()).isEqualTo(rollout.plan());
        assertThat(found.target()).isEqualTo(target);
        assertThat(found.state()).isEqualTo(RolloutState.PENDING);
        assertThat(found.stateReason()).isNull();
        assertThat(found.submittedBy()).isEqualTo("alice");
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.updatedAt()).isEqualTo(T0);
        assertThat(found.imageChange()).isEqualTo("version 24.04.202501010");
        assertThat(found.lastSeq()).isEqualTo(1);
        assertThat(found.baseline()).isNull();
        assertThat(found.wavesTotal()).isNull();
        assertThat(found.waves()).isEmpty();
        assertThat(found.events()).containsExactly(
                new EventRecord(1, T0, EventType.SUBMITTED, "alice", "rollout submitted by alice", null));
        assertThat(store.find("no-such-rollout")).isEmpty();
    }

    @Test
    void keepsEveryKindOfImageChangeAsSubmitted() {
        for (ImageChange change : List.of(ImageChange.toSku("24_04-lts", null), ImageChange.toId(
                        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0"),
                ImageChange.toOsDiskImageUri("https://acct.blob.core.windows.net/vhds/os.vhd"))) {
            RolloutPlan base = planFor(freshScaleSet());
            RolloutPlan plan = new RolloutPlan(base.target(), change, base.strategy(), base.approval(), base.health(),
                    base.onFailure(), true);
            NewRollout rollout = newRollout(plan);
            store.create(rollout);

            RolloutDetails found = store.find(rollout.rolloutId()).orElseThrow();
            assertThat(found.plan()).isEqualTo(plan);
            assertThat(found.imageChange()).isEqualTo(change.toString());
        }
    }

    @Test
    void refusesASecondActiveRolloutForTheSameScaleSetWhateverTheCaseOfItsName() {
        ScaleSetRef target = freshScaleSet();
        NewRollout first = newRollout(target);
        store.create(first);
        ScaleSetRef sameInOtherCase = new ScaleSetRef(target.subscriptionId().toUpperCase(),
                target.resourceGroup().toUpperCase(), target.name().toUpperCase());

        assertThatThrownBy(() -> store.create(newRollout(sameInOtherCase)))
                .isInstanceOfSatisfying(ActiveRolloutExistsException.class, e -> {
                    assertThat(e.activeRolloutId()).isEqualTo(first.rolloutId());
                    assertThat(e.scaleSet()).isEqualTo(sameInOtherCase);
                });
        assertThat(store.findActive(sameInOtherCase)).hasValueSatisfying(a -> assertThat(a.id()).isEqualTo(first.rolloutId()));
    }

    @Test
    void aRefusedCreateWritesNothing() {
        ScaleSetRef target = freshScaleSet();
        store.create(new NewRollout(newId(), planFor(target), "alice", "key-refused", T0));
        long rolloutsBefore = count("rollouts");
        long eventsBefore = count("events");
        NewRollout conflicting = newRollout(target);
        NewRollout reusedKey = new NewRollout(newId(), planFor(freshScaleSet()), "alice", "key-refused", T0);

        assertThatThrownBy(() -> store.create(conflicting)).isInstanceOf(ActiveRolloutExistsException.class);
        assertThatThrownBy(() -> store.create(reusedKey)).isInstanceOf(IdempotencyKeyReusedException.class);

        assertThat(count("rollouts")).isEqualTo(rolloutsBefore);
        assertThat(count("events")).isEqualTo(eventsBefore);
        assertThat(store.find(conflicting.rolloutId())).isEmpty();
        assertThat(store.find(reusedKey.rolloutId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RolloutState.class)
    void aScaleSetIsFreeForANewRolloutExactlyWhenItsRolloutReachedATerminalState(RolloutState state) {
        // Keeps the partial unique index of V1 in step with RolloutState.isTerminal().
        ScaleSetRef target = freshScaleSet();
        NewRollout first = newRollout(target);
        store.create(first);
        store.record(new EventScript(first.rolloutId()).reaches(state));

        NewRollout second = newRollout(target);
        if (state.isTerminal()) {
            assertThat(store.create(second).created()).isTrue();
            assertThat(store.findActive(target)).hasValueSatisfying(a -> assertThat(a.id()).isEqualTo(second.rolloutId()));
        } else {
            assertThatThrownBy(() -> store.create(second)).isInstanceOf(ActiveRolloutExistsException.class);
            assertThat(store.findActive(target)).hasValueSatisfying(a -> assertThat(a.id()).isEqualTo(first.rolloutId()));
        }
    }

    @Test
    void concurrentCreatesForOneScaleSetLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 5; round++) {
            ScaleSetRef target = freshScaleSet();
            List<Object> outcomes = race(i -> () -> store.create(newRollout(target)));

            List<Created> winners = outcomes.stream().filter(Created.class::isInstance).map(Created.class::cast).toList();
            assertThat(winners).hasSize(1);
            String winner = winners.get(0).rollout().id();
            assertThat(outcomes).filteredOn(ActiveRolloutExistsException.class::isInstance)
                    .hasSize(CONTENDERS - 1)
                    .allSatisfy(e -> assertThat(((ActiveRolloutExistsException) e).activeRolloutId()).isEqualTo(winner));
            assertThat(jdbc.sql("SELECT id FROM rollouts WHERE scale_set = :name").param("name", target.name())
                    .query(String.class).list()).containsExactly(winner);
        }
    }

    @Test
    void sameIdempotencyKeyFromTheSameSubmitterReturnsTheFirstRollout() {
        RolloutPlan plan = planFor(freshScaleSet());
        NewRollout first = new NewRollout(newId(), plan, "alice", "key-1", T0);
        NewRollout retry = new NewRollout(newId(), plan, "alice", "key-1", T0.plusSeconds(5));

        Created stored = store.create(first);
        Created again = store.create(retry);

        assertThat(stored.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.rollout().id()).isEqualTo(first.rolloutId());
        assertThat(again.rollout().createdAt()).isEqualTo(T0);
        assertThat(store.find(retry.rolloutId())).isEmpty();
    }

    @Test
    void sameIdempotencyKeyWithAnotherPlanIsRefused() {
        NewRollout first = new NewRollout(newId(), planFor(freshScaleSet()), "alice", "key-2", T0);
        store.create(first);
        NewRollout other = new NewRollout(newId(), planFor(freshScaleSet()), "alice", "key-2", T0);

        assertThatThrownBy(() -> store.create(other))
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                    assertThat(e.existingRolloutId()).isEqualTo(first.rolloutId());
                    assertThat(e.idempotencyKey()).isEqualTo("key-2");
                    assertThat(e.submittedBy()).isEqualTo("alice");
                })
                .hasMessageContaining("different plan");
    }

    @Test
    void idempotencyKeysBelongToTheirSubmitter() {
        store.create(new NewRollout(newId(), planFor(freshScaleSet()), "alice", "key-3", T0));
        NewRollout bobs = new NewRollout(newId(), planFor(freshScaleSet()), "bob", "key-3", T0);

        Created result = store.create(bobs);

        assertThat(result.created()).isTrue();
        assertThat(result.rollout().id()).isEqualTo(bobs.rolloutId());
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyStoreOneRollout() throws Exception {
        for (int round = 0; round < 5; round++) {
            RolloutPlan plan = planFor(freshScaleSet());
            String key = "race-" + round;
            List<Object> outcomes = race(i -> () -> store.create(new NewRollout(newId(), plan, "alice", key, T0)));

            assertThat(outcomes).allMatch(Created.class::isInstance);
            List<Created> results = outcomes.stream().map(Created.class::cast).toList();
            assertThat(results).filteredOn(Created::created).hasSize(1);
            assertThat(results).extracting(c -> c.rollout().id()).containsOnly(
                    results.stream().filter(Created::created).findFirst().orElseThrow().rollout().id());
        }
    }

    @Test
    void aCreateRetriedWithItsOwnRolloutIdReturnsTheStoredRollout() {
        NewRollout rollout = newRollout(freshScaleSet());
        store.create(rollout);

        Created again = store.create(rollout);

        assertThat(again.created()).isFalse();
        assertThat(again.rollout().id()).isEqualTo(rollout.rolloutId());
        NewRollout sameIdOtherPlan = new NewRollout(rollout.rolloutId(), planFor(freshScaleSet()), "alice", null, T0);
        assertThatThrownBy(() -> store.create(sameIdOtherPlan))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already taken");
    }

    /** Runs {@value #CONTENDERS} calls released at the same instant; each outcome is a result or the exception thrown. */
    private static List<Object> race(IntFunction<Callable<Object>> contender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            CountDownLatch ready = new CountDownLatch(CONTENDERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                Callable<Object> call = contender.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return call.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
