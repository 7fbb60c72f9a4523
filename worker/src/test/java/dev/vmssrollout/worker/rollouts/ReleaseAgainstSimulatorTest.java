package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseScaleSetStatus;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.simulator.ApplicationMetric;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.Health;
import dev.vmssrollout.simulator.compute.OperationSnapshot;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.ReleaseWorkflow;
import dev.vmssrollout.workflows.releases.ReleaseWorkflowOptions;
import dev.vmssrollout.workflows.testing.ReleaseAsTheApi;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A release of several scale sets in stages: the release workflow, the rollout workflows it starts as children and
 * the worker's real activities against the simulator, PostgreSQL and Temporal. Times are the simulator's: when it
 * was asked to upgrade what.
 */
class ReleaseAgainstSimulatorTest {

    private static final Duration BAKE = Duration.ofSeconds(2);
    private static final String REGION = "eastus";

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;
    private JdbcReleaseStore releases;

    @BeforeEach
    void start() {
        stack = new WorkerStack(database);
        releases = new JdbcReleaseStore(database.dataSource());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void upgradesThreeStagesInOrderWaitingTheBakeTimeAfterEachStagesLastUpgrade() {
        List<List<ScaleSetKey>> stages = scaleSets("ok", 3, 3);

        // Stage 1 two at a time (so maxConcurrent is seen at work), the others all at once (so the test stays short).
        int[] maxConcurrent = {2, 3, 3};
        String id = submit(plan(stages, maxConcurrent));
        ReleaseDetails done = awaitRelease(id, r -> r.state().isTerminal());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(done.stages()).flatExtracting(stage -> stage.scaleSets()).allSatisfy(scaleSet -> {
            assertThat(scaleSet.rolloutId()).isNotNull();
            assertThat(scaleSet.rolloutState()).isEqualTo(RolloutState.SUCCEEDED);
        });
        for (List<ScaleSetKey> stage : stages) {
            for (ScaleSetKey key : stage) {
                assertThat(stack.report(key).upgradeCounts()).hasSize(4)
                        .allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
                assertThat(instancesOf(key)).allSatisfy(instance ->
                        assertThat(instance.image().version()).isEqualTo(WorkerStack.NEXT_VERSION));
            }
        }
        for (int s = 1; s < stages.size(); s++) {
            Instant previousStageDone = lastUpgradeEnd(stages.get(s - 1));
            Instant stageStart = firstUpgradeStart(stages.get(s));
            assertThat(stageStart).as("stage %d starts after stage %d's last upgrade + bake time", s + 1, s)
                    .isAfterOrEqualTo(previousStageDone.plus(BAKE));
        }
        for (int s = 0; s < stages.size(); s++) {
            assertThat(mostUpgradingAtOnce(stages.get(s))).as("scale sets of stage %d upgrading at once", s + 1)
                    .isLessThanOrEqualTo(maxConcurrent[s]);
        }
    }

    @Test
    void aFailureInStageTwoStopsTheLineAndRollbackRestoresEveryChangedScaleSetNewestFirst() {
        List<List<ScaleSetKey>> stages = scaleSets("stop", 3, 3);
        ScaleSetKey failing = stages.get(1).get(0);
        stack.faults(failing, Faults.builder().unhealthyImages(WorkerStack.NEXT_VERSION).build());

        // Stage 2 one at a time, so the failing scale set is the only one of it started when the line stops.
        String id = submit(plan(stages, 3, 1, 3));
        ReleaseDetails paused = awaitRelease(id, r -> r.state() == RolloutState.PAUSED || r.state().isTerminal());
        Instant pausedAt = Instant.now();

        assertThat(paused.state()).as(paused.stateReason()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.currentStage()).isEqualTo(1);
        assertThat(paused.stages().get(1).scaleSets()).extracting(ReleaseScaleSetStatus::rolloutState)
                .containsExactly(RolloutState.FAILED, null, null);
        for (ScaleSetKey untouched : List.of(stages.get(1).get(1), stages.get(1).get(2), stages.get(2).get(0),
                stages.get(2).get(1), stages.get(2).get(2))) {
            assertThat(manualUpgrades(untouched)).as("no upgrade of %s after the line stopped", untouched).isEmpty();
        }

        workflow(id).rollback(new OperatorCommand("bob", "canary failed"));
        ReleaseDetails rolledBack = awaitRelease(id, r -> r.state().isTerminal());

        assertThat(rolledBack.state()).as(rolledBack.stateReason()).isEqualTo(RolloutState.ROLLED_BACK);
        List<ScaleSetKey> changed = List.of(stages.get(0).get(0), stages.get(0).get(1), stages.get(0).get(2), failing);
        for (ScaleSetKey key : changed) {
            // Instances the failed rollout never reached keep the old image (Azure flags them as not on the latest
            // model after the model went there and back; their image is the model's).
            assertThat(azure().readModel(WorkerStack.ref(key)).image().sameAs(WorkerStack.CURRENT_IMAGE))
                    .as("model of %s", key).isTrue();
            assertThat(instancesOf(key)).as("instances of %s", key).allSatisfy(instance ->
                    assertThat(instance.image().sameAs(WorkerStack.CURRENT_IMAGE)).isTrue());
        }
        List<ReleaseScaleSetStatus> restored = new ArrayList<>(rolledBack.stages().get(0).scaleSets());
        restored.add(rolledBack.stages().get(1).scaleSets().get(0));
        assertThat(restored).allSatisfy(scaleSet ->
                assertThat(scaleSet.rollbackState()).isEqualTo(RolloutState.SUCCEEDED));
        // Newest first: the failed stage-2 scale set went back before any of stage 1's.
        Instant failingRestored = firstUpgradeStartAfter(failing, pausedAt);
        for (int newer = stages.get(0).size() - 1; newer > 0; newer--) {
            assertThat(firstUpgradeStartAfter(stages.get(0).get(newer), pausedAt))
                    .isAfter(failingRestored)
                    .isBefore(firstUpgradeStartAfter(stages.get(0).get(newer - 1), pausedAt));
        }
        assertThat(stages.get(2)).allSatisfy(key -> assertThat(manualUpgrades(key)).isEmpty());
    }

    @Test
    void aWorkerKilledWhileAStageUpgradesGoesOnWithoutUpgradingAnyInstanceTwice() {
        List<List<ScaleSetKey>> stages = scaleSets("kill", 2, 2);

        String id = submit(plan(stages, 2, 2));
        // Both stage-1 rollouts stored and one of them inside an upgrade: the worker dies in the middle of a wave.
        ReleaseDetails beforeKill = awaitRelease(id, r -> r.stages().get(0).scaleSets().stream()
                .allMatch(scaleSet -> scaleSet.rolloutId() != null)
                && stages.get(0).stream().anyMatch(key -> !manualUpgrades(key).isEmpty()));
        stack.killWorker();
        stack.startWorker();
        ReleaseDetails done = awaitRelease(id, r -> r.state().isTerminal());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(done.stages().get(0).scaleSets()).extracting(ReleaseScaleSetStatus::rolloutId)
                .as("the same rollouts carried on: none started twice")
                .isEqualTo(beforeKill.stages().get(0).scaleSets().stream().map(ReleaseScaleSetStatus::rolloutId).toList());
        for (List<ScaleSetKey> stage : stages) {
            for (ScaleSetKey key : stage) {
                assertThat(stack.report(key).upgradeCounts()).as("upgrades of %s", key.name()).hasSize(4)
                        .allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
            }
        }
    }

    @Test
    void aStageThatTurnsUnhealthyWhileItBakesStopsTheLineUntilItIsHealthyAgain() {
        List<List<ScaleSetKey>> stages = scaleSets("bake", 2, 1);
        ScaleSetKey canary = stages.get(0).get(0);

        String id = submit(plan(Duration.ofSeconds(8), stages, 1, 1));
        awaitRelease(id, r -> r.stateReason() != null && r.stateReason().contains("bakes until"));
        // The application on the upgraded canary degrades after its upgrade passed its health checks.
        assertThat(stack.simulator.reportHealth(canary, Health.UNHEALTHY)).isEqualTo(4);
        ReleaseDetails paused = awaitRelease(id, r -> r.state() != RolloutState.RUNNING);

        assertThat(paused.state()).as(paused.stateReason()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.stateReason()).startsWith("stage stage-1 is unhealthy while it bakes (" + canary.name()
                + ": 4 of 4 instances unhealthy");
        assertThat(manualUpgrades(stages.get(1).get(0))).as("the next stage waits").isEmpty();

        stack.simulator.reportHealth(canary, Health.HEALTHY);
        Instant retried = Instant.now();
        workflow(id).retryFailed(new OperatorCommand("bob", "the dependency is back"));
        ReleaseDetails done = awaitRelease(id, r -> r.state().isTerminal());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(firstUpgradeStart(stages.get(1))).as("stage 2 starts after the check passed").isAfter(retried);
        assertThat(stack.report(canary).upgradeCounts()).allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aStageWhoseErrorRateRisesWhileItBakesStopsTheLineWithTheMeasurementAsEvidence() {
        List<List<ScaleSetKey>> stages = scaleSets("bake-metrics", 2, 1);
        ScaleSetKey canary = stages.get(0).get(0);
        Analysis errors = new Analysis(List.of(new AnalysisCheck("errors", "azure-monitor", "http_error_rate", null,
                "Average", "< 0.05")), Duration.ofSeconds(1), 1, null);

        String id = submit(withAnalysis(plan(Duration.ofSeconds(8), stages, 1, 1), errors));
        awaitRelease(id, r -> r.stateReason() != null && r.stateReason().contains("bakes until"));
        // The new image's error rate climbs after every wave of the canary passed its own analysis.
        stack.faults(canary, Faults.builder()
                .degradedImage(WorkerStack.NEXT_VERSION, ApplicationMetric.HTTP_ERROR_RATE, 0.3).build());
        ReleaseDetails paused = awaitRelease(id, r -> r.state() != RolloutState.RUNNING);

        assertThat(paused.state()).as(paused.stateReason()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.stateReason()).startsWith("stage stage-1 is unhealthy while it bakes (" + canary.name()
                + ": metric analysis failed: errors: Average(http_error_rate) 0.");
        assertThat(manualUpgrades(stages.get(1).get(0))).as("the next stage waits").isEmpty();
        String canaryRollout = paused.stages().get(0).scaleSets().get(0).rolloutId();
        assertThat(stack.analysis.measurements(canaryRollout)).filteredOn(m -> m.waveIndex() == Measurement.BAKE_WAVE_INDEX)
                .singleElement().satisfies(m -> {
                    assertThat(m.verdict()).isEqualTo(Verdict.FAIL);
                    assertThat(m.value()).isCloseTo(0.3, within(0.03));
                    assertThat(m.instanceValues()).as("every instance of the canary").hasSize(4);
                    assertThat(m.baseline()).as("none is left on the previous image").isNull();
                });

        stack.faults(canary, Faults.builder().build());
        workflow(id).retryFailed(new OperatorCommand("bob", "the error budget recovered"));
        ReleaseDetails done = awaitRelease(id, r -> r.state().isTerminal());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(stack.analysis.measurements(canaryRollout)).filteredOn(m -> m.waveIndex() == Measurement.BAKE_WAVE_INDEX)
                .extracting(Measurement::verdict).containsExactly(Verdict.FAIL, Verdict.PASS);
    }

    @Test
    void aReleaseThatDeclaresTheWrongRegionFailsBeforeAnyScaleSetIsTouched() {
        ScaleSetKey canary = stack.scaleSet("region-canary", demoScaleSet().capacity(4).location(REGION));
        ScaleSetKey paired = stack.scaleSet("region-paired", demoScaleSet().capacity(4).location("westus"));
        // region-paired is really in westus, eastus' pair; declared in westeurope, the plan passed the pair rule at submit.
        ReleasePlan plan = new ReleasePlan(plan(List.of(List.of(canary)), 1).rollout(), List.of(new ReleaseStage(
                "together", List.of(new ReleaseScaleSet(canary.subscriptionId(), canary.resourceGroup(), canary.name(),
                        REGION), new ReleaseScaleSet(paired.subscriptionId(), paired.resourceGroup(), paired.name(),
                        "westeurope")), 2, Duration.ZERO)), false).withDefaults();

        ReleaseDetails done = awaitRelease(submit(plan), r -> r.state().isTerminal());

        assertThat(done.state()).isEqualTo(RolloutState.FAILED);
        assertThat(done.stateReason()).contains("nothing was changed: region-paired is declared in westeurope but"
                + " Azure has it in westus");
        assertThat(done.stages().get(0).scaleSets()).allSatisfy(s -> assertThat(s.rolloutId()).isNull());
        assertThat(manualUpgrades(canary)).isEmpty();
        assertThat(manualUpgrades(paired)).isEmpty();
    }

    /**
     * The release's emergency override, approved while it waits for a window a day away, starts the stage and reaches
     * its rollout through the rollout's own Updates: the rollout, whose schedule is the release's, runs outside its
     * window and records who asked, why and who approved.
     */
    @Test
    void anApprovedOverrideStartsTheStageAndTheRolloutRecordsItAndRunsOutsideItsWindow() {
        List<List<ScaleSetKey>> stages = scaleSets("override", 1, 1);
        ReleasePlan plan = withSchedule(plan(stages, 1), Schedule.notBefore(Instant.now().plus(Duration.ofDays(1))));
        String id = submit(plan);
        awaitRelease(id, r -> r.state() == RolloutState.WAITING_FOR_WINDOW);

        workflow(id).requestOverride(new OperatorCommand("alice", "CVE-2026-1234 is exploited"));
        workflow(id).approveOverride(new OperatorCommand("bob", "agreed on the incident call"));
        ReleaseDetails done = awaitRelease(id, r -> r.state().isTerminal());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(done.windowOverride()).isEqualTo(new WindowOverride("alice", "CVE-2026-1234 is exploited", "bob"));
        String rolloutId = done.stages().get(0).scaleSets().get(0).rolloutId();
        List<EventRecord> events = stack.store.find(rolloutId).orElseThrow().events();
        assertThat(events).filteredOn(e -> e.type() == EventType.OVERRIDE_REQUESTED).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("alice"))
                .satisfies(e -> assertThat(e.message()).contains("release " + id + ": CVE-2026-1234 is exploited"));
        assertThat(events).filteredOn(e -> e.type() == EventType.OVERRIDE_APPROVED).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("bob"));
        assertThat(stack.report(stages.get(0).get(0)).upgradeCounts()).hasSize(4)
                .allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
    }

    private static ReleasePlan withSchedule(ReleasePlan plan, Schedule schedule) {
        RolloutPlan r = plan.rollout();
        return new ReleasePlan(new RolloutPlan(r.target(), r.image(), r.strategy(), r.approval(), r.health(),
                r.onFailure(), r.allowPolicySwitch(), schedule, r.analysis()), plan.stages(),
                plan.allowPairedRegionsInStage()).withDefaults();
    }

    private List<List<ScaleSetKey>> scaleSets(String prefix, int stageCount, int perStage) {
        List<List<ScaleSetKey>> stages = new ArrayList<>();
        for (int s = 0; s < stageCount; s++) {
            List<ScaleSetKey> stage = new ArrayList<>();
            for (int p = 0; p < perStage; p++) {
                stage.add(stack.scaleSet(prefix + "-s" + s + "-" + p, demoScaleSet().capacity(4).location(REGION)));
            }
            stages.add(stage);
        }
        return stages;
    }

    private static ReleasePlan plan(List<List<ScaleSetKey>> stages, int... maxConcurrent) {
        return plan(BAKE, stages, maxConcurrent);
    }

    private static ReleasePlan plan(Duration bake, List<List<ScaleSetKey>> stages, int... maxConcurrent) {
        RolloutPlan rollout = new RolloutPlan(null, ImageChange.toVersion(WorkerStack.NEXT_VERSION),
                Strategy.of(StrategyMode.BATCH).withBatchSize(2), null,
                new HealthPolicy(Duration.ofSeconds(20), Duration.ZERO, 0), null, false);
        List<ReleaseStage> releaseStages = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            releaseStages.add(new ReleaseStage("stage-" + (s + 1), stages.get(s).stream()
                    .map(key -> new ReleaseScaleSet(key.subscriptionId(), key.resourceGroup(), key.name(), REGION))
                    .toList(), maxConcurrent[s], bake));
        }
        return new ReleasePlan(rollout, releaseStages, false).withDefaults();
    }

    private static ReleasePlan withAnalysis(ReleasePlan plan, Analysis analysis) {
        RolloutPlan r = plan.rollout();
        return new ReleasePlan(new RolloutPlan(r.target(), r.image(), r.strategy(), r.approval(), r.health(),
                r.onFailure(), r.allowPolicySwitch(), r.schedule(), analysis), plan.stages(),
                plan.allowPairedRegionsInStage()).withDefaults();
    }

    private String submit(ReleasePlan plan) {
        String id = UUID.randomUUID().toString();
        releases.create(new NewRelease(id, plan, "alice", Instant.now()));
        ReleaseInput input = new ReleaseInput(id, plan, "alice", true, false);
        ReleaseWorkflow workflow = stack.client().newWorkflowStub(ReleaseWorkflow.class,
                ReleaseWorkflowOptions.forRelease(id, input));
        WorkflowClient.start(workflow::run, input);
        return id;
    }

    /** The release's signals as the API sends them: each names the request row it wrote first. */
    private ReleaseWorkflow workflow(String id) {
        return ReleaseAsTheApi.workflow(stack.store::recordRequest, stack.client(), id);
    }

    private ReleaseDetails awaitRelease(String id, Predicate<ReleaseDetails> until) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> releases.find(id).orElseThrow(), until);
    }

    private List<OperationSnapshot> manualUpgrades(ScaleSetKey key) {
        return stack.simulator.operations(key).stream()
                .filter(operation -> ScaleSet.MANUAL_UPGRADE.equals(operation.name())).toList();
    }

    private Instant lastUpgradeEnd(List<ScaleSetKey> keys) {
        return keys.stream().flatMap(key -> manualUpgrades(key).stream()).map(OperationSnapshot::endTime)
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    private Instant firstUpgradeStart(List<ScaleSetKey> keys) {
        return keys.stream().flatMap(key -> manualUpgrades(key).stream()).map(OperationSnapshot::startTime)
                .min(Comparator.naturalOrder()).orElseThrow();
    }

    private Instant firstUpgradeStartAfter(ScaleSetKey key, Instant after) {
        return manualUpgrades(key).stream().map(OperationSnapshot::startTime).filter(start -> start.isAfter(after))
                .min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The most scale sets of {@code keys} that were between their first upgrade's start and last upgrade's end at once. */
    private int mostUpgradingAtOnce(List<ScaleSetKey> keys) {
        List<Instant[]> spans = keys.stream().map(key -> new Instant[]{firstUpgradeStart(List.of(key)),
                lastUpgradeEnd(List.of(key))}).toList();
        int most = 0;
        for (Instant[] span : spans) {
            int atOnce = (int) spans.stream().filter(other -> !other[0].isAfter(span[0]) && other[1].isAfter(span[0]))
                    .count();
            most = Math.max(most, atOnce);
        }
        return most;
    }

    private List<Instance> instancesOf(ScaleSetKey key) {
        return azure().listInstances(WorkerStack.ref(key));
    }

    private AzureScaleSetActivities azure() {
        return new AzureScaleSetActivities(new ComputeClients(AzureSettings.simulator(
                stack.simulator.baseUrl().toString(), stack.simulator.certificatePem(), Duration.ofMillis(50))));
    }
}
