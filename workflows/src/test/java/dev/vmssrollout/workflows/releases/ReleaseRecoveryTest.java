package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.release.StageOverrides;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WindowOverride;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release whose workflow was lost, started again from what PostgreSQL recorded ({@link ReleaseResume}): it follows
 * the rollouts it had started (their rows, here scripted) and never starts a second one for their scale sets; it
 * starts only the scale sets it had not reached. Time-skipping test environment, scripted rollouts.
 */
class ReleaseRecoveryTest {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private ReleaseHarness harness;
    private RecordedReleaseStore store;

    @BeforeEach
    void start() {
        harness = new ReleaseHarness();
        store = harness.store;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void followsTheRolloutsItHadStartedAndStartsOnlyTheScaleSetsItHadNotReached() {
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.SUCCEEDED, null));
        store.rows.put("r-2", new StoredRollout("r-2", RolloutState.RUNNING, null));
        ReleaseResume lostAt = new ReleaseResume(1, RolloutState.RUNNING, null, List.of(
                new ReleaseResume.Linked(0, 0, "r-1", null), new ReleaseResume.Linked(1, 0, "r-2", null)));

        start(plan(stage("canary", false, "web-1"), stage("rest", true, "web-2", "web-3")), lostAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.followed.stream().anyMatch(ids -> ids.contains("r-2")));
        assertThat(ScriptedRollout.STARTED).as("web-3 waits for web-2's rollout (maxConcurrent 1)").isEmpty();
        store.rows.put("r-2", new StoredRollout("r-2", RolloutState.SUCCEEDED, null));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        // Stage 2's approval was given before the loss (it had started web-2): not asked for again.
        assertThat(store.states).extracting(RecordedReleaseStore.StateRecord::state)
                .doesNotContain(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-3");
        assertThat(done.scaleSets()).extracting(ScaleSetProgress::rolloutIds)
                .containsExactly(List.of("r-1"), List.of("r-2"), done.scaleSets().get(2).rolloutIds());
        assertThat(done.scaleSets().get(2).rolloutIds()).hasSize(1).doesNotContain("r-1", "r-2");
        assertThat(store.followed).as("never asks about a rollout after it ended")
                .allSatisfy(ids -> assertThat(ids).doesNotContain("r-1").hasSizeLessThanOrEqualTo(1));
    }

    @Test
    void followsARolloutALostRunStoredButNeverLinkedInsteadOfStartingASecondOne() {
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.SUCCEEDED, null));
        store.storedEarlier.put("web-2", "orphan-2");
        store.rows.put("orphan-2", new StoredRollout("orphan-2", RolloutState.RUNNING, null));
        ReleaseResume lostAt = new ReleaseResume(0, RolloutState.RUNNING, null,
                List.of(new ReleaseResume.Linked(0, 0, "r-1", null)));

        start(plan(stage("canary", false, "web-1", "web-2")), lostAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.followed.stream().anyMatch(ids -> ids.contains("orphan-2")));
        store.rows.put("orphan-2", new StoredRollout("orphan-2", RolloutState.SUCCEEDED, null));
        ReleaseProgress done = result();

        assertThat(done.state()).as(done.reason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).as("the stored rollout's workflow is the reconciler's to start").isEmpty();
        assertThat(done.scaleSets().get(1).rolloutIds()).containsExactly("orphan-2");
    }

    @Test
    void anOverrideApprovedBeforeTheLossStillOpensTheWindowsAndReachesTheRolloutsOfTheNewRun() {
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.RUNNING, null));
        WindowOverride approved = new WindowOverride("alice", "CVE-2026-1234 is exploited", "bob");
        ReleaseResume lostAt = new ReleaseResume(0, RolloutState.RUNNING, null,
                List.of(new ReleaseResume.Linked(0, 0, "r-1", null)), approved);
        Instant opens = Instant.ofEpochMilli(harness.env.currentTimeMillis()).plus(Duration.ofDays(1));

        start(withSchedule(plan(stage("canary", false, "web-1"), stage("rest", false, "web-2")),
                Schedule.notBefore(opens)), lostAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.overriddenRollouts.contains("r-1"));
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.SUCCEEDED, null));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(store.states).extracting(RecordedReleaseStore.StateRecord::state)
                .doesNotContain(RolloutState.WAITING_FOR_WINDOW);
        assertThat(store.overriddenRollouts).containsExactly("r-1", done.scaleSets().get(1).rolloutIds().get(0));
    }

    @Test
    void pausesAgainOnTheFailedRolloutItHadStartedWithoutStartingItAgain() {
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.FAILED, "wave 1 unhealthy"));
        ReleaseResume lostAt = new ReleaseResume(0, RolloutState.PAUSED, "stage canary: 1 scale set(s) failed",
                List.of(new ReleaseResume.Linked(0, 0, "r-1", null)));

        start(plan(stage("canary", false, "web-1", "web-2"), stage("rest", false, "web-3")), lostAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.PAUSED);

        assertThat(ScriptedRollout.STARTED).isEmpty();
        assertThat(store.lastReason()).contains("stage canary: 1 scale set(s) failed");
    }

    @Test
    void waitsAgainForAnApprovalItWaitedForWhenItsWorkflowWasLost() {
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.SUCCEEDED, null));
        ReleaseResume lostAt = new ReleaseResume(1, RolloutState.WAITING_FOR_APPROVAL, "stage rest waits for approval",
                List.of(new ReleaseResume.Linked(0, 0, "r-1", null)));

        ReleaseWorkflow release = start(plan(stage("canary", false, "web-1"), stage("rest", true, "web-2")), lostAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_APPROVAL);
        assertThat(ScriptedRollout.STARTED).isEmpty();

        release.approveStage(new StageApproval(1, "bob", "again"));
        assertThat(result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-2");
    }

    @Test
    void aRollbackInProgressFollowsTheRestoreItHadStartedThenRestoresTheOlderScaleSets() {
        store.rows.put("r-1", new StoredRollout("r-1", RolloutState.SUCCEEDED, null));
        store.rows.put("r-2", new StoredRollout("r-2", RolloutState.FAILED, "unhealthy"));
        store.rows.put("back-2", new StoredRollout("back-2", RolloutState.SUCCEEDED, null));
        ReleaseResume lostAt = new ReleaseResume(1, RolloutState.ROLLING_BACK, "rollback requested by bob: canary",
                List.of(new ReleaseResume.Linked(0, 0, "r-1", null), new ReleaseResume.Linked(1, 0, "r-2", "back-2")));

        start(plan(stage("canary", false, "web-1"), stage("rest", false, "web-2", "web-3")), lostAt);
        ReleaseProgress done = result();

        assertThat(done.state()).as(done.reason()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(done.reason()).isEqualTo("rolled back (rollback requested by bob: canary)");
        // web-2's restore had been started: followed, not started again; web-1's had not: started now.
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1");
        assertThat(done.scaleSets().get(1).rollbackRolloutId()).isEqualTo("back-2");
        assertThat(done.scaleSets().get(1).rollbackState()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(done.scaleSets().get(2).rolloutIds()).as("web-3 was never reached").isEmpty();
    }

    private ReleaseWorkflow start(ReleasePlan plan, ReleaseResume resume) {
        return harness.start(new ReleaseInput(ReleaseHarness.RELEASE_ID, plan, "alice", true, false)
                .resumingFrom(resume));
    }

    private ReleaseProgress result() {
        return harness.result();
    }

    private static ReleaseStage stage(String name, boolean approval, String... scaleSets) {
        return new ReleaseStage(name, Arrays.stream(scaleSets)
                .map(s -> new ReleaseScaleSet(SUBSCRIPTION, "fleet-rg", s, null)).toList(), 1, Duration.ZERO,
                approval, StageOverrides.NONE);
    }

    private static ReleasePlan withSchedule(ReleasePlan plan, Schedule schedule) {
        RolloutPlan r = plan.rollout();
        return new ReleasePlan(new RolloutPlan(r.target(), r.image(), r.strategy(), r.approval(), r.health(),
                r.onFailure(), r.allowPolicySwitch(), schedule, r.analysis()), plan.stages(),
                plan.allowPairedRegionsInStage()).withDefaults();
    }

    private static ReleasePlan plan(ReleaseStage... stages) {
        return new ReleasePlan(new RolloutPlan(null, ImageChange.toVersion("24.04.202410010"), null, null, null, null,
                false), List.of(stages), false).withDefaults();
    }
}
