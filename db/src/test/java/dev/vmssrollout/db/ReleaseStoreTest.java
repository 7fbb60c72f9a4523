package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseScaleSetStatus;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.release.ReleaseSummary;
import dev.vmssrollout.model.release.StageOverrides;
import dev.vmssrollout.model.schedule.WindowOverride;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.vmssrollout.db.Fixtures.SUBSCRIPTION;
import static dev.vmssrollout.db.Fixtures.T0;
import static dev.vmssrollout.db.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseStoreTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private final JdbcReleaseStore releases = new JdbcReleaseStore(db.dataSource());
    private final JdbcRolloutStore rollouts = new JdbcRolloutStore(db.dataSource());

    private static ReleaseScaleSet scaleSet(String name, String region) {
        return new ReleaseScaleSet(SUBSCRIPTION, "fleet-rg", name + "-" + newId().substring(0, 8), region);
    }

    private static ReleasePlan twoStages() {
        RolloutPlan rollout = new RolloutPlan(null, ImageChange.toVersion("24.04.202501010"), null, null, null, null,
                false);
        return new ReleasePlan(rollout, List.of(
                new ReleaseStage("canary", List.of(scaleSet("web", "eastus")), 1, Duration.ofSeconds(30), true,
                        new StageOverrides(Strategy.of(StrategyMode.BATCH).withBatchSize(1), null, null, null)),
                new ReleaseStage("rest", List.of(scaleSet("web", "westus"), scaleSet("api", null)), 2, Duration.ZERO)),
                false);
    }

    @Test
    void storesAPendingReleaseWithEveryScaleSetInItsStage() {
        ReleasePlan plan = twoStages();
        String id = newId();

        ReleaseDetails created = releases.create(new NewRelease(id, plan, "alice", T0));

        assertThat(releases.find(id)).contains(created);
        assertThat(created.plan()).isEqualTo(plan);
        assertThat(created.state()).isEqualTo(RolloutState.PENDING);
        assertThat(created.submittedBy()).isEqualTo("alice");
        assertThat(created.stages()).extracting(stage -> stage.name()).containsExactly("canary", "rest");
        assertThat(created.stages().get(1).scaleSets()).extracting(ReleaseScaleSetStatus::scaleSet)
                .containsExactlyElementsOf(plan.stages().get(1).scaleSets());
        assertThat(created.stages().get(1).scaleSets()).allSatisfy(scaleSet -> {
            assertThat(scaleSet.rolloutId()).isNull();
            assertThat(scaleSet.rolloutState()).isNull();
        });
    }

    @Test
    void storingTheSameReleaseAgainKeepsTheFirstAndAnotherPlanUnderItsIdIsRefused() {
        ReleasePlan plan = twoStages();
        String id = newId();
        ReleaseDetails first = releases.create(new NewRelease(id, plan, "alice", T0));

        assertThat(releases.create(new NewRelease(id, plan, "alice", T0.plusSeconds(5)))).isEqualTo(first);
        assertThatThrownBy(() -> releases.create(new NewRelease(id, twoStages(), "alice", T0)))
                .hasMessageContaining("already stored with another plan");
        assertThat(releases.find(id).orElseThrow().stages().get(1).scaleSets()).hasSize(2);
    }

    @Test
    void showsEachScaleSetWithTheStateItsRolloutsOwnRowHolds() {
        ReleasePlan plan = twoStages();
        String id = newId();
        releases.create(new NewRelease(id, plan, "alice", T0));
        ReleaseScaleSet canary = plan.stages().get(0).scaleSets().get(0);
        String rolloutId = newId();
        rollouts.create(new dev.vmssrollout.model.store.NewRollout(rolloutId,
                plan.rolloutFor(plan.stages().get(0), canary), "alice", null, T0));

        releases.linkRollout(id, 0, 0, rolloutId);
        assertThat(releases.find(id).orElseThrow().stages().get(0).scaleSets().get(0))
                .satisfies(status -> {
                    assertThat(status.rolloutId()).isEqualTo(rolloutId);
                    assertThat(status.rolloutState()).isEqualTo(RolloutState.PENDING);
                });

        rollouts.record(new EventScript(rolloutId).reaches(RolloutState.RUNNING));
        assertThat(releases.find(id).orElseThrow().stages().get(0).scaleSets().get(0).rolloutState())
                .isEqualTo(RolloutState.RUNNING);
        assertThat(releases.find(id).orElseThrow().stages().get(0).scaleSets().get(0).rolloutState())
                .isEqualTo(RolloutState.RUNNING);
        assertThat(releases.list(50, 0)).filteredOn(summary -> summary.id().equals(id)).singleElement()
                .satisfies(summary -> {
                    assertThat(summary.scaleSetsTotal()).isEqualTo(3);
                    assertThat(summary.scaleSetsSucceeded()).isZero();
                    assertThat(summary.stagesTotal()).isEqualTo(2);
                });
    }

    @Test
    void keepsTheWindowOverrideAsAskedForAndThenAsApproved() {
        String id = newId();
        releases.create(new NewRelease(id, twoStages(), "alice", T0));
        assertThat(releases.find(id).orElseThrow().windowOverride()).isNull();

        releases.recordOverride(id, new WindowOverride("alice", "CVE-2026-1234 is exploited", null));
        assertThat(releases.find(id).orElseThrow().windowOverride())
                .isEqualTo(new WindowOverride("alice", "CVE-2026-1234 is exploited", null));
        releases.recordOverride(id, new WindowOverride("alice", "CVE-2026-1234 is exploited", "bob"));

        assertThat(releases.find(id).orElseThrow().windowOverride().approvedBy()).isEqualTo("bob");
        assertThatThrownBy(() -> releases.recordOverride(newId(), new WindowOverride("alice", "why", null)))
                .hasMessageContaining("no release");
    }

    @Test
    void recordsStateChangesAndRefusesUnknownReleasesAndPlaces() {
        String id = newId();
        releases.create(new NewRelease(id, twoStages(), "alice", T0));

        releases.recordState(id, RolloutState.PAUSED, "scale set web failed", 1);

        ReleaseDetails found = releases.find(id).orElseThrow();
        assertThat(found.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(found.stateReason()).isEqualTo("scale set web failed");
        assertThat(found.currentStage()).isEqualTo(1);
        assertThatThrownBy(() -> releases.recordState(newId(), RolloutState.RUNNING, null, 0))
                .hasMessageContaining("no release");
        assertThatThrownBy(() -> releases.linkRollout(id, 5, 0, null)).hasMessageContaining("no scale set at stage 5");
    }

    @Test
    void namesTheReleasesNotYetEndedOldestFirstForTheReconciler() {
        String ended = newId();
        String paused = newId();
        String pending = newId();
        releases.create(new NewRelease(ended, twoStages(), "alice", T0));
        releases.create(new NewRelease(paused, twoStages(), "alice", T0.plusSeconds(1)));
        releases.create(new NewRelease(pending, twoStages(), "alice", T0.plusSeconds(2)));
        releases.recordState(ended, RolloutState.ROLLED_BACK, "rolled back by bob", 1);
        releases.recordState(paused, RolloutState.PAUSED, "scale set web failed", 0);

        assertThat(releases.nonTerminal()).doesNotContain(ended).containsSubsequence(paused, pending);
    }

    @Test
    void listsNewestFirst() {
        String older = newId();
        String newer = newId();
        releases.create(new NewRelease(older, twoStages(), "alice", T0));
        releases.create(new NewRelease(newer, twoStages(), "bob", T0.plusSeconds(60)));

        List<ReleaseSummary> page = releases.list(200, 0);

        assertThat(page).extracting(ReleaseSummary::id).containsSubsequence(newer, older);
        assertThatThrownBy(() -> releases.list(0, 0)).hasMessageContaining("limit must be");
    }
}
