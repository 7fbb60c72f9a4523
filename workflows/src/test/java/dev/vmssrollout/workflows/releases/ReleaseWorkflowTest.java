package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.InconclusivePolicy;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.release.StageOverrides;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.workflows.AnalysisActivities;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.ReleaseNotification;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.WindowCheck;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The release workflow's own logic in Temporal's time-skipping test environment, with a scripted stand-in for the
 * rollout workflow: approval gates with four-eyes, retry after a failure, abort during a bake, the bake's health
 * checks and metric analysis samples.
 */
class ReleaseWorkflowTest {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private ReleaseHarness harness;
    private TestWorkflowEnvironment env;
    private RecordedReleaseStore store;

    @BeforeEach
    void start() {
        harness = new ReleaseHarness();
        env = harness.env;
        store = harness.store;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aStageWithAnApprovalGateWaitsForSomeoneOtherThanTheSubmitter() {
        ReleaseWorkflow release = start(plan(Duration.ZERO, stage("canary", false, "web-1"),
                stage("rest", true, "web-2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_APPROVAL);

        release.approveStage(new StageApproval(1, "alice", "my own"));
        release.approveStage(new StageApproval(1, "bob", "looks good"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        assertThat(store.states).extracting(RecordedReleaseStore.StateRecord::state)
                .containsSubsequence(RolloutState.WAITING_FOR_APPROVAL, RolloutState.RUNNING, RolloutState.SUCCEEDED);
    }

    @Test
    void aRetryAfterAFailureStartsANewRolloutForTheFailedScaleSetAndGoesOn() throws Exception {
        ScriptedRollout.OUTCOMES.put("web-2", new ArrayList<>(List.of(RolloutState.FAILED)));
        ReleaseWorkflow release = start(plan(Duration.ZERO, stage("canary", false, "web-1"),
                stage("rest", false, "web-2", "web-3")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.PAUSED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");

        release.retryFailed(new OperatorCommand("bob", "transient"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2", "web-2", "web-3");
        assertThat(done.scaleSets().get(1).rolloutIds()).hasSize(2);
        exportHistoryIfAsked("retry-after-failure");
    }

    @Test
    void peopleHearWhenAStageWaitsForApprovalWhenTheLineStopsAndWhenTheReleaseEnds() {
        ScriptedRollout.OUTCOMES.put("web-3", new ArrayList<>(List.of(RolloutState.FAILED)));
        ReleaseWorkflow release = start(plan(Duration.ZERO, stage("canary", false, "web-1"),
                stage("rest", true, "web-2", "web-3")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_APPROVAL);
        release.approveStage(new StageApproval(1, "bob", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.PAUSED);
        release.retryFailed(new OperatorCommand("bob", "transient"));

        assertThat(result().state()).isEqualTo(RolloutState.SUCCEEDED);
        List<ReleaseNotification> sent = harness.notifications.sent();
        assertThat(sent).extracting(ReleaseNotification::state).containsExactly(RolloutState.WAITING_FOR_APPROVAL,
                RolloutState.PAUSED, RolloutState.SUCCEEDED);
        assertThat(sent.get(0).message()).isEqualTo("stage rest waits for approval");
        assertThat(sent.get(1).stage()).isEqualTo(1);
        assertThat(sent.get(1).stageName()).isEqualTo("rest");
        assertThat(sent.get(1).message()).startsWith("stage rest: 1 scale set(s) failed");
        assertThat(sent.get(2).stage()).isNull();
        assertThat(sent.get(2).message()).isEqualTo("release succeeded");
        assertThat(sent).allSatisfy(n -> assertThat(n.stageCount()).isEqualTo(2));
        assertThat(sent).extracting(ReleaseNotification::idempotencyKey).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).startsWith("release:rel-1:"));
    }

    /**
     * Writes the run's history for {@link ReleaseReplayTest} when asked, after a deliberate, versioned change:
     * {@code mvn -f workflows/pom.xml test -Dtest=ReleaseWorkflowTest -DexportHistories=true}
     */
    private void exportHistoryIfAsked(String name) throws java.io.IOException {
        if (!"true".equals(System.getProperty("exportHistories"))) {
            return;
        }
        java.nio.file.Path directory = java.nio.file.Path.of(System.getProperty("basedir", "."), "src", "test",
                "resources", ReleaseReplayTest.DIRECTORY);
        java.nio.file.Files.createDirectories(directory);
        java.nio.file.Files.writeString(directory.resolve(name + ".json"),
                env.getWorkflowClient().fetchHistory(TaskQueues.releaseWorkflowId("rel-1")).toJson(true));
    }

    @Test
    void anAbortDuringTheBakeEndsTheReleaseBeforeTheNextStage() {
        ReleaseWorkflow release = start(plan(Duration.ofDays(1), stage("canary", false, "web-1"),
                stage("rest", false, "web-2")));
        awaitBake();

        release.abort(new OperatorCommand("bob", "bad metrics"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.FAILED);
        assertThat(done.reason()).isEqualTo("aborted by bob: bad metrics");
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1");
    }

    @Test
    void aStageThatTurnsUnhealthyWhileItBakesStopsTheLineUntilARetryFindsItHealthy() throws Exception {
        harness.azure.unhealthy.add("web-1");
        ReleaseWorkflow release = start(plan(Duration.ofMinutes(10), stage("canary", false, "web-1"),
                stage("rest", false, "web-2")));
        awaitLineStoppedInBake();

        assertThat(store.lastReason()).isEqualTo("stage canary is unhealthy while it bakes (web-1: 4 of 4 instances"
                + " unhealthy (at most 0 tolerated): 0, 1, 2, 3); the line stopped: resume (bake on without it),"
                + " retry (check again), roll back or abort");
        assertThat(ScriptedRollout.STARTED).as("the next stage waits").containsExactly("web-1");
        harness.azure.unhealthy.clear();
        release.retryFailed(new OperatorCommand("bob", "the cache warmed up"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        // The check at minute 1 found it; the pause lasted to minute 2; then one a minute to the bake's end at 10.
        assertThat(harness.azure.reads("web-1")).as("checks through the ten-minute bake").isEqualTo(1 + 8);
        assertThat(harness.azure.reads("web-2")).as("the last stage does not bake").isZero();
        exportHistoryIfAsked("unhealthy-bake-retry");
    }

    @Test
    void resumingOverAnUnhealthyBakeStopsCheckingThatScaleSetAndGoesOn() {
        harness.azure.unhealthy.add("web-1");
        ReleaseWorkflow release = start(plan(Duration.ofMinutes(10), stage("canary", false, "web-1", "web-2"),
                stage("rest", false, "web-3")));
        awaitLineStoppedInBake();

        release.resume(new OperatorCommand("bob", "known noisy probe"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.azure.reads("web-1")).as("not checked after the resume").isEqualTo(1);
        assertThat(harness.azure.reads("web-2")).as("still checked to the end of the bake").isEqualTo(1 + 8);
    }

    @Test
    void aScaleSetWhoseHealthCannotBeReadDuringTheBakeStopsTheLine() {
        harness.azure.unreadable.add("web-1");
        ReleaseWorkflow release = start(plan(Duration.ofMinutes(10), stage("canary", false, "web-1"),
                stage("rest", false, "web-2")));
        awaitLineStoppedInBake();

        assertThat(store.lastReason()).contains("web-1: its health could not be read: the scale set is gone");
        release.abort(new OperatorCommand("bob", "investigate"));

        assertThat(result().state()).isEqualTo(RolloutState.FAILED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1");
    }

    @Test
    void aStageWhoseMetricsFailWhileItBakesStopsTheLineUntilARetryFindsThemPassing() throws Exception {
        harness.analysis.verdicts.put("web-1", Verdict.FAIL);
        ReleaseWorkflow release = start(withAnalysis(plan(Duration.ofMinutes(10), stage("canary", false, "web-1"),
                stage("rest", false, "web-2")), InconclusivePolicy.PAUSE));
        awaitLineStoppedInBake();

        assertThat(store.lastReason()).isEqualTo("stage canary is unhealthy while it bakes (web-1: metric analysis"
                + " failed: errors: 0.2 is not < 0.05); the line stopped: resume (bake on without it), retry (check"
                + " again), roll back or abort");
        assertThat(ScriptedRollout.STARTED).as("the next stage waits").containsExactly("web-1");
        harness.analysis.verdicts.clear();
        release.retryFailed(new OperatorCommand("bob", "a noisy neighbour moved"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        List<AnalysisActivities.SampleRequest> samples = harness.analysis.requests("web-1");
        assertThat(samples).as("one sample per health check of the bake").hasSize((int) harness.azure.reads("web-1"));
        assertThat(samples).extracting(AnalysisActivities.SampleRequest::sample)
                .containsExactly(java.util.stream.IntStream.rangeClosed(1, samples.size()).boxed().toArray(Integer[]::new));
        assertThat(samples).allSatisfy(sample -> {
            assertThat(sample.rolloutId()).isEqualTo(done.scaleSets().get(0).rolloutIds().get(0));
            assertThat(sample.waveIndex()).isEqualTo(Measurement.BAKE_WAVE_INDEX);
            assertThat(sample.waveInstanceIds()).containsExactly("0", "1", "2", "3");
            assertThat(sample.baselineInstanceIds()).isEmpty();
            assertThat(sample.analysis().checks()).extracting(AnalysisCheck::name)
                    .as("a check against the baseline has no baseline in a bake").containsExactly("errors");
        });
        assertThat(samples).extracting(AnalysisActivities.SampleRequest::analysisStartedAt).containsOnly(
                samples.get(0).analysisStartedAt());
        assertThat(harness.analysis.requests("web-2")).as("the last stage does not bake").isEmpty();
        exportHistoryIfAsked("bake-analysis-retry");
    }

    @Test
    void anInconclusiveBakeSampleStopsTheLineUnlessTheAnalysisLetsItPass() {
        harness.analysis.verdicts.put("web-1", Verdict.INCONCLUSIVE);
        start(withAnalysis(plan(Duration.ofMinutes(3), stage("canary", false, "web-1"),
                stage("rest", false, "web-2")), InconclusivePolicy.PASS));

        assertThat(result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.analysis.requests("web-1")).hasSize(3);
    }

    @Test
    void anInconclusiveBakeSampleStopsTheLineWhenTheAnalysisPausesOnIt() {
        harness.analysis.verdicts.put("web-1", Verdict.INCONCLUSIVE);
        ReleaseWorkflow release = start(withAnalysis(plan(Duration.ofMinutes(3), stage("canary", false, "web-1"),
                stage("rest", false, "web-2")), InconclusivePolicy.PAUSE));
        awaitLineStoppedInBake();

        assertThat(store.lastReason()).contains("web-1: metric analysis inconclusive (onInconclusive=PAUSE)");
        release.abort(new OperatorCommand("bob", "no metrics, no release"));
        assertThat(result().state()).isEqualTo(RolloutState.FAILED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1");
    }

    @Test
    void aBakeWithoutAnAnalysisTakesNoSamples() {
        start(plan(Duration.ofMinutes(3), stage("canary", false, "web-1"), stage("rest", false, "web-2")));

        assertThat(result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.azure.reads("web-1")).isEqualTo(3);
        assertThat(harness.analysis.requests("web-1")).isEmpty();
    }

    @Test
    void aScheduledReleaseStartsAStageOnlyWhenItsWindowOpens() throws Exception {
        Instant opens = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofHours(2));
        ReleasePlan plan = plan(Duration.ZERO, stage("canary", false, "web-1"), stage("rest", true, "web-2"));
        ReleaseWorkflow release = start(withSchedule(plan, Schedule.notBefore(opens)));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_WINDOW);

        assertThat(store.lastReason()).startsWith("stage canary waits for its window: ").endsWith("; next start " + opens);
        assertThat(ScriptedRollout.STARTED).as("nothing starts outside the window").isEmpty();
        ReleaseProgress waiting = release.progress();
        assertThat(waiting.currentStage()).isZero();
        release.approveStage(new StageApproval(1, "bob", "ahead of time"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        List<Instant> checked = harness.windows.checks().stream().map(WindowCheck::at).toList();
        assertThat(checked.get(0)).isBefore(opens);
        assertThat(checked).as("read again every 15 minutes, then at the opening, then before stage rest")
                .hasSize(2 * 60 / 15 + 1 + 1);
        assertThat(checked.get(checked.size() - 2)).isAfterOrEqualTo(opens);
        assertThat(harness.windows.checks()).allSatisfy(check -> assertThat(check.expected())
                .as("room for a first wave: the health timeout").isEqualTo(plan.rollout().health().timeout()));
        assertThat(store.states).extracting(RecordedReleaseStore.StateRecord::state).containsSubsequence(
                RolloutState.WAITING_FOR_WINDOW, RolloutState.RUNNING, RolloutState.SUCCEEDED);
        exportHistoryIfAsked("stage-window");
    }

    @Test
    void anApprovedEmergencyOverrideStartsTheStagesOutsideTheirWindowAndGoesToEveryRollout() throws Exception {
        Instant opens = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofDays(1));
        ReleaseWorkflow release = start(withSchedule(plan(Duration.ZERO, stage("canary", false, "web-1"),
                stage("rest", false, "web-2")), Schedule.notBefore(opens)));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_WINDOW);

        release.requestOverride(new OperatorCommand("alice", "CVE-2026-1234 is exploited"));
        release.approveOverride(new OperatorCommand("alice", "my own"));
        release.approveOverride(new OperatorCommand("bob", "agreed on the incident call"));
        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        assertThat(store.overrides).as("alice's own approval is ignored (four-eyes), bob's counts").containsExactly(
                new WindowOverride("alice", "CVE-2026-1234 is exploited", null),
                new WindowOverride("alice", "CVE-2026-1234 is exploited", "bob"));
        assertThat(harness.windows.checks()).as("the calendar is not read again once the override is approved")
                .hasSize(1);
        assertThat(store.overriddenRollouts).as("both rollouts get the override")
                .containsExactlyInAnyOrderElementsOf(done.scaleSets().stream()
                        .flatMap(scaleSet -> scaleSet.rolloutIds().stream()).toList());
        exportHistoryIfAsked("window-override");
    }

    @Test
    void anOverrideWithoutAReasonOrOnAReleaseWithoutScheduleIsIgnored() {
        Instant opens = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofDays(1));
        ReleaseWorkflow release = start(withSchedule(plan(Duration.ZERO, stage("canary", false, "web-1")),
                Schedule.notBefore(opens)));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_WINDOW);

        release.requestOverride(new OperatorCommand("alice", " "));
        release.approveOverride(new OperatorCommand("bob", "nothing was asked for"));
        release.abort(new OperatorCommand("carol", "postponed"));

        assertThat(result().state()).isEqualTo(RolloutState.FAILED);
        assertThat(store.overrides).isEmpty();
        assertThat(ScriptedRollout.STARTED).isEmpty();
    }

    @Test
    void anAbortWhileAStageWaitsForItsWindowEndsTheReleaseWithoutStartingIt() {
        Instant opens = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofDays(1));
        ReleaseWorkflow release = start(withSchedule(plan(Duration.ZERO, stage("canary", false, "web-1")),
                Schedule.notBefore(opens)));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_WINDOW);

        release.abort(new OperatorCommand("bob", "postponed"));

        assertThat(result().state()).isEqualTo(RolloutState.FAILED);
        assertThat(ScriptedRollout.STARTED).isEmpty();
    }

    @Test
    void aReleaseWhoseDeclaredRegionsAreNotAzuresEndsBeforeItTouchesAnything() {
        harness.azure.locations.putAll(java.util.Map.of("web-1", "eastus", "web-2", "westeurope", "web-3", "eastus2"));
        start(plan(Duration.ZERO, stageIn("canary", "web-1", "eastus", "web-2", "West Europe"),
                stageIn("rest", "web-3", "northeurope", "web-4", "westus")));

        ReleaseProgress done = result();

        assertThat(done.state()).isEqualTo(RolloutState.FAILED);
        assertThat(done.reason()).isEqualTo("the plan's regions are not Azure's, so its region-pair check proves"
                + " nothing; nothing was changed: web-3 is declared in northeurope but Azure has it in eastus2; web-4"
                + " is not in resource group fleet-rg. Correct the plan and submit it again");
        assertThat(ScriptedRollout.STARTED).isEmpty();
        assertThat(harness.azure.listedGroups()).as("one list for the resource group").containsExactly("fleet-rg");
    }

    @Test
    void aReleaseWhoseDeclaredRegionsAreAzuresGoesOn() {
        harness.azure.locations.putAll(java.util.Map.of("web-1", "eastus", "web-2", "westeurope"));
        start(plan(Duration.ZERO, stageIn("canary", "web-1", "East US"), stageIn("rest", "web-2", "westeurope")));

        assertThat(result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        assertThat(harness.azure.listedGroups()).containsExactly("fleet-rg");
    }

    @Test
    void anApprovalOrAbortSentStraightToTemporalIsRefusedAndTheApisGoThrough() throws Exception {
        ReleaseWorkflow release = start(plan(Duration.ZERO, stage("canary", false, "web-1"),
                stage("rest", true, "web-2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_APPROVAL);

        harness.direct().approveStage(new StageApproval(1, "bob", "trust me"));
        harness.direct().abort(new OperatorCommand("mallory", "sabotage"));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.apiRequests.refused().size() == 2);

        assertThat(harness.apiRequests.refused()).containsExactly("release.approveStage from bob",
                "release.abort from mallory");
        assertThat(release.progress().state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1");
        release.approveStage(new StageApproval(1, "bob", "looks good"));
        assertThat(result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1", "web-2");
        exportHistoryIfAsked("side-door-refused");
    }

    @Test
    void aWorkerThatAcceptsDirectActionsRecordsTheClaimedNameAsClaimed() {
        harness.apiRequests.acceptDirect = true;
        start(plan(Duration.ZERO, stage("canary", false, "web-1"), stage("rest", true, "web-2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_APPROVAL);

        harness.direct().abort(new OperatorCommand("mallory", "via the UI"));

        ReleaseProgress done = result();
        assertThat(done.state()).isEqualTo(RolloutState.FAILED);
        assertThat(done.reason()).isEqualTo("aborted by mallory (via Temporal): via the UI");
    }

    @Test
    void anAbortWhoseCheckIsStillRunningHoldsTheNextRolloutBack() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        harness.apiRequests.holdingTheNext("release.abort", arrived, released);
        ReleaseWorkflow release = start(plan(Duration.ZERO, stage("canary", false, "web-1"),
                stage("rest", true, "web-2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.WAITING_FOR_APPROVAL);
        release.abort(new OperatorCommand("bob", "stop"));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        release.approveStage(new StageApproval(1, "carol", "go"));
        await("no rollout starts before the abort's verdict").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3)).until(() -> ScriptedRollout.STARTED.size() == 1);
        released.countDown();

        assertThat(result().state()).isEqualTo(RolloutState.FAILED);
        assertThat(ScriptedRollout.STARTED).containsExactly("web-1");
    }

    /** The first check of the bake, at minute 1, finds the problem; the release is paused at minute 2. */
    private void awaitLineStoppedInBake() {
        awaitBake();
        env.sleep(BakeWatch.CHECK_EVERY.multipliedBy(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.last() == RolloutState.PAUSED);
    }

    private void awaitBake() {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.lastReason() != null
                && store.lastReason().contains("bakes until"));
    }

    private ReleaseWorkflow start(ReleasePlan plan) {
        return harness.start(new ReleaseInput(ReleaseHarness.RELEASE_ID, plan, "alice", true, false));
    }

    private ReleaseProgress result() {
        return harness.result();
    }

    private static ReleaseStage stage(String name, boolean approval, String... scaleSets) {
        return new ReleaseStage(name, java.util.Arrays.stream(scaleSets)
                .map(s -> new ReleaseScaleSet(SUBSCRIPTION, "fleet-rg", s, null)).toList(), 1, null, approval,
                StageOverrides.NONE);
    }

    /** A stage of scale sets with declared regions: name, region, name, region, ... */
    private static ReleaseStage stageIn(String name, String... scaleSetsAndRegions) {
        List<ReleaseScaleSet> scaleSets = new ArrayList<>();
        for (int i = 0; i < scaleSetsAndRegions.length; i += 2) {
            scaleSets.add(new ReleaseScaleSet(SUBSCRIPTION, "fleet-rg", scaleSetsAndRegions[i], scaleSetsAndRegions[i + 1]));
        }
        return new ReleaseStage(name, scaleSets, 1, null, false, StageOverrides.NONE);
    }

    private static ReleasePlan withSchedule(ReleasePlan plan, Schedule schedule) {
        RolloutPlan r = plan.rollout();
        return new ReleasePlan(new RolloutPlan(r.target(), r.image(), r.strategy(), r.approval(), r.health(),
                r.onFailure(), r.allowPolicySwitch(), schedule, r.analysis()), plan.stages(),
                plan.allowPairedRegionsInStage()).withDefaults();
    }

    private static ReleasePlan withAnalysis(ReleasePlan plan, InconclusivePolicy onInconclusive) {
        RolloutPlan r = plan.rollout();
        Analysis analysis = new Analysis(List.of(
                new AnalysisCheck("errors", "azure-monitor", "http_error_rate", null, null, "< 0.05"),
                new AnalysisCheck("latency", "prometheus", null, "p99_latency", null, "<= baseline * 1.5")),
                Duration.ofMinutes(1), 1, onInconclusive);
        return new ReleasePlan(new RolloutPlan(r.target(), r.image(), r.strategy(), r.approval(), r.health(),
                r.onFailure(), r.allowPolicySwitch(), r.schedule(), analysis), plan.stages(),
                plan.allowPairedRegionsInStage()).withDefaults();
    }

    private static ReleasePlan plan(Duration bake, ReleaseStage... stages) {
        List<ReleaseStage> baked = java.util.Arrays.stream(stages).map(s -> new ReleaseStage(s.name(), s.scaleSets(),
                s.maxConcurrent(), bake, s.approvalRequired(), s.overrides())).toList();
        return new ReleasePlan(new RolloutPlan(null, ImageChange.toVersion("24.04.202410010"), null, null, null, null,
                false), baked, false).withDefaults();
    }
}
