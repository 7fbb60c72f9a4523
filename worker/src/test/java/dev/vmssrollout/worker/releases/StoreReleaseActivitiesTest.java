package dev.vmssrollout.worker.releases;

import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.workflows.releases.RolloutStart;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The release's store activities on PostgreSQL: what a new run of a release finds of the run Temporal lost. */
class StoreReleaseActivitiesTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private final JdbcRolloutStore rollouts = new JdbcRolloutStore(database.dataSource());
    private final JdbcReleaseStore releases = new JdbcReleaseStore(database.dataSource());
    // Where a release's rollouts would run; these tests start none.
    private static TestWorkflowEnvironment temporal;

    @BeforeAll
    static void startTemporal() {
        temporal = TestWorkflowEnvironment.newInstance();
    }

    @AfterAll
    static void stopTemporal() {
        temporal.close();
    }

    private StoreReleaseActivities activities(ReleaseStore releaseStore) {
        return new StoreReleaseActivities(releaseStore, rollouts, temporal.getWorkflowClient(), Clock.systemUTC());
    }

    @Test
    void aRolloutStoredButNotLinkedWhenTheRunWasLostIsFollowedByTheNextRunNotRefused() {
        String releaseId = "rel-lost-between-writes";
        RolloutPlan plan = release(releaseId, "web-lost");
        StoreReleaseActivities dyingRun = activities(diesWhenLinking(releases));
        assertThatThrownBy(() -> dyingRun.startRollout(start(releaseId, "first-run-id", plan)))
                .hasMessageContaining("lost");

        RolloutStart.Answer again = activities(releases)
                .startRollout(start(releaseId, "second-run-id", plan));

        // Before the fix: refused, "has rollout first-run-id in progress, not started by this release".
        assertThat(again.refusal()).isNull();
        assertThat(again.storedEarlier()).isEqualTo("first-run-id");
        assertThat(again.input()).as("no claim token: the reconciler runs the stored rollout").isNull();
        assertThat(releases.find(releaseId).orElseThrow().stages().get(0).scaleSets().get(0).rolloutId())
                .isEqualTo("first-run-id");
        assertThat(rolloutsOf(plan.target())).extracting(RolloutSummary::id).containsExactly("first-run-id");
    }

    @Test
    void aRetryOfTheFailedScaleSetStoresANewRolloutAndAnActivityRetryFindsItsOwnRow() {
        String releaseId = "rel-retry";
        RolloutPlan plan = release(releaseId, "web-retry");
        StoreReleaseActivities store = activities(releases);
        assertThat(store.startRollout(start(releaseId, "attempt-1", plan)).input().rolloutId()).isEqualTo("attempt-1");
        rollouts.record(new ProgressEvent("attempt-1", 2, Instant.now(), EventType.FAILED, "system",
                EventType.FAILED.message("wave 1 unhealthy"), RolloutState.FAILED, null, null, Map.of(), null, null));

        RolloutStart.Answer retry = store.startRollout(start(releaseId, "attempt-2", plan));
        RolloutStart.Answer retriedActivity = store.startRollout(start(releaseId, "attempt-2", plan));

        assertThat(retry.input().rolloutId()).isEqualTo("attempt-2");
        assertThat(retriedActivity.input().rolloutId()).isEqualTo("attempt-2");
        assertThat(retriedActivity.storedEarlier()).isNull();
        assertThat(rolloutsOf(plan.target())).extracting(RolloutSummary::id)
                .containsExactlyInAnyOrder("attempt-1", "attempt-2");
    }

    private RolloutPlan release(String releaseId, String scaleSet) {
        RolloutPlan rollout = new RolloutPlan(null, ImageChange.toVersion("24.04.202410010"), Strategy.byUpdateDomain(),
                null, new HealthPolicy(Duration.ofMinutes(1), Duration.ZERO, 0), null, false);
        ReleasePlan plan = new ReleasePlan(rollout, List.of(new ReleaseStage("only", List.of(new ReleaseScaleSet(
                "00000000-0000-0000-0000-000000000000", "fleet-rg", scaleSet, "westeurope")), 1, Duration.ZERO)),
                false).withDefaults();
        releases.create(new NewRelease(releaseId, plan, "alice", Instant.now()));
        return plan.rolloutFor(plan.stages().get(0), plan.stages().get(0).scaleSets().get(0));
    }

    private static RolloutStart start(String releaseId, String rolloutId, RolloutPlan plan) {
        return new RolloutStart(releaseId, 0, 0, rolloutId, plan, "alice", true, false, List.of());
    }

    private List<RolloutSummary> rolloutsOf(ScaleSetRef target) {
        return rollouts.list(new RolloutQuery(null, target.subscriptionId(), target.resourceGroup(), target.name(),
                10, 0)).items();
    }

    /** The release store of a worker that dies after the rollout's row is stored and before it is linked. */
    private static ReleaseStore diesWhenLinking(ReleaseStore store) {
        return (ReleaseStore) Proxy.newProxyInstance(ReleaseStore.class.getClassLoader(),
                new Class<?>[]{ReleaseStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("linkRollout")) {
                        throw new IllegalStateException("worker and Temporal lost before the link was written");
                    }
                    return method.invoke(store, args);
                });
    }
}
