package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;
import io.temporal.client.WorkflowUpdateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout workflow and the worker's real activities against the simulator, PostgreSQL and Temporal. */
class RolloutAgainstSimulatorTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @BeforeEach
    void start() {
        stack = new WorkerStack(database);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void upgradesEveryInstanceOnceUpdateDomainByUpdateDomainWithoutLosingMoreThanOneDomain() {
        ScaleSetKey web = stack.scaleSet("ud", demoScaleSet());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        RolloutDetails done = stack.awaitState(id, RolloutState.SUCCEEDED);

        ScaleSetReport report = stack.report(web);
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(20 - 4);
        assertThat(done.waves()).extracting(WaveDetails::label)
                .containsExactly("update domain 0", "update domain 1", "update domain 2", "update domain 3", "update domain 4");
        assertThat(done.waves()).allSatisfy(wave -> assertThat(wave.state()).isEqualTo(WaveState.SUCCEEDED));
        assertThat(instancesOf(web)).allSatisfy(instance -> {
            assertThat(instance.image().version()).isEqualTo(WorkerStack.NEXT_VERSION);
            assertThat(instance.latestModelApplied()).isTrue();
        });
        assertThat(startOrder(done)).isSorted();
    }

    /**
     * Compute counts the latest-rolling-upgrade GET against the scale set read budget that a fleet's rollouts share.
     * Only preflight needs it (an Azure rolling upgrade in progress refuses the rollout); the drift checks before and
     * after each wave need the model's image alone. They used to read both: 12 such GETs for 5 waves instead of 2.
     */
    @Test
    void readsTheLatestRollingUpgradeOnlyBeforeTheRolloutStarts() {
        ScaleSetKey web = stack.scaleSet("economy", demoScaleSet());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        stack.awaitState(id, RolloutState.SUCCEEDED);

        Map<String, Long> requests = stack.report(web).armRequests();
        assertThat(requests.getOrDefault("GetLatestRollingUpgrade", 0L)).as("requests %s", requests)
                .isBetween(1L, 2L);
        // Preflight, before wave 1 and after each of the 5 waves: the drift checks still read the model.
        assertThat(requests.getOrDefault("GetScaleSet", 0L)).as("requests %s", requests).isGreaterThanOrEqualTo(7L);
    }

    @Test
    void holdsEachCanaryWaveUntilSomeoneOtherThanTheSubmitterApproves() {
        ScaleSetKey web = stack.scaleSet("canary", demoScaleSet());
        String id = stack.submit(aPlanFor(web).withApproval(ApprovalMode.FIRST_WAVE).build(), "alice");

        stack.awaitState(id, RolloutState.WAITING_FOR_APPROVAL);
        assertThat(stack.upgraded(web)).isEmpty();
        assertThatThrownBy(() -> stack.workflow(id).approve(new ApproveWave("alice", 0, "mine")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause().hasMessageContaining("four-eyes");

        stack.workflow(id).approve(new ApproveWave("bob", 0, "canary go"));
        RolloutDetails second = stack.awaitRollout(id, r -> r.state() == RolloutState.WAITING_FOR_APPROVAL
                && r.waves().get(0).state() == WaveState.SUCCEEDED);
        assertThat(second.waves().get(1).state()).isEqualTo(WaveState.WAITING_FOR_APPROVAL);
        assertThat(stack.upgraded(web)).hasSize(4);

        stack.workflow(id).approve(new ApproveWave("bob", 1, "looks healthy"));
        RolloutDetails done = stack.awaitState(id, RolloutState.SUCCEEDED);

        assertThat(done.approvals()).extracting(a -> a.waveIndex() + ":" + a.approver()).containsExactly("0:bob", "1:bob");
        assertThat(stack.upgraded(web)).hasSize(20);
    }

    @Test
    void pausesBetweenWavesAndCarriesOnWhenResumed() {
        ScaleSetKey web = stack.scaleSet("pause", demoScaleSet().upgradeMillis(1500));
        String id = stack.submit(aPlanFor(web).build(), "alice");
        stack.awaitWaveInFlight(id, 0);

        stack.workflow(id).pause(new OperatorCommand("bob", "checking dashboards"));
        RolloutDetails paused = stack.awaitState(id, RolloutState.PAUSED);

        assertThat(paused.waves().get(0).state()).as("the wave in flight finishes").isEqualTo(WaveState.SUCCEEDED);
        assertThat(paused.waves().get(1).state()).isEqualTo(WaveState.PENDING);
        assertThat(stack.upgraded(web)).hasSize(4);
        assertThat(paused.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.PAUSED);
            assertThat(e.actor()).isEqualTo("bob");
        });

        stack.workflow(id).resume(new OperatorCommand("bob", null));
        stack.awaitState(id, RolloutState.SUCCEEDED);
        assertThat(stack.upgraded(web)).hasSize(20).allSatisfy((i, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void cancelStopsBetweenWavesAndLeavesTheRestUntouched() {
        ScaleSetKey web = stack.scaleSet("cancel", demoScaleSet());
        String id = stack.submit(aPlanFor(web).withApproval(ApprovalMode.FIRST_WAVE).build(), "alice");
        stack.awaitState(id, RolloutState.WAITING_FOR_APPROVAL);
        stack.workflow(id).approve(new ApproveWave("bob", 0, null));
        stack.awaitRollout(id, r -> r.state() == RolloutState.WAITING_FOR_APPROVAL && r.waves().get(0).state() == WaveState.SUCCEEDED);

        stack.workflow(id).cancel(new OperatorCommand("bob", "wrong image"));
        RolloutDetails cancelled = stack.awaitState(id, RolloutState.CANCELLED);

        assertThat(stack.upgraded(web)).hasSize(4);
        assertThat(cancelled.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo(EventType.CANCEL_REQUESTED));
    }

    @Test
    void anUnhealthyImageStopsTheFirstWaveAndRollbackRestoresTheOldImageOnItsInstancesOnly() {
        ScaleSetKey web = stack.scaleSet("rollback", demoScaleSet());
        stack.faults(web, Faults.builder().unhealthyImages(WorkerStack.NEXT_VERSION).build());

        String id = stack.submit(aPlanFor(web).onFailure(FailurePolicy.ROLLBACK).build(), "alice");
        RolloutDetails rolledBack = stack.awaitState(id, RolloutState.ROLLED_BACK);

        Map<String, Integer> counts = stack.upgraded(web);
        List<String> firstWave = rolledBack.waves().get(0).instances().stream().map(i -> i.instanceId()).toList();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(firstWave);
        assertThat(counts.values()).as("upgraded once, then returned once").containsOnly(2);
        assertThat(rolledBack.waves().subList(1, 5)).allSatisfy(w -> assertThat(w.state()).isEqualTo(WaveState.PENDING));
        assertThat(instancesOf(web)).allSatisfy(i -> assertThat(i.image().sameAs(WorkerStack.CURRENT_IMAGE)).isTrue());
        assertThat(rolledBack.events()).extracting(EventRecord::type).contains(EventType.WAVE_FAILED, EventType.ROLLBACK_STARTED);
    }

    @Test
    void anUnhealthyImageWithPausePolicyWaitsForAnOperatorAndRollsBackOnRequest() {
        ScaleSetKey web = stack.scaleSet("pauseonfail", demoScaleSet());
        stack.faults(web, Faults.builder().unhealthyImages(WorkerStack.NEXT_VERSION).build());
        String id = stack.submit(aPlanFor(web).build(), "alice");

        RolloutDetails paused = stack.awaitState(id, RolloutState.PAUSED);
        assertThat(paused.waves().get(0).state()).isEqualTo(WaveState.FAILED);
        assertThat(paused.waves().get(0).instances()).allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.UNHEALTHY));
        assertThat(paused.waves().get(0).instances()).as("what Azure's instance view said").allSatisfy(i ->
                assertThat(i.problem()).isEqualTo(new InstanceProblem("HealthState/unhealthy", "The VM is reporting "
                        + "unhealthy", Instance.Health.UNHEALTHY)));
        assertThat(paused.stateReason()).containsIgnoringCase("unhealthy");

        stack.workflow(id).rollback(new OperatorCommand("bob", "bad image"));
        stack.awaitState(id, RolloutState.ROLLED_BACK);
        assertThat(instancesOf(web)).allSatisfy(i -> assertThat(i.image().sameAs(WorkerStack.CURRENT_IMAGE)).isTrue());
    }

    @Test
    void aFailedUpgradeKeepsAzuresErrorCodeAndMessageForTheInstanceUntilTheWaveIsRetried() {
        ScaleSetKey web = stack.scaleSet("failedupgrade", demoScaleSet());
        stack.faults(web, Faults.builder().failingInstances("5").build()); // update domain 0
        String id = stack.submit(aPlanFor(web).build(), "alice");

        RolloutDetails paused = stack.awaitState(id, RolloutState.PAUSED);

        assertThat(paused.waves().get(0).instances()).filteredOn(i -> i.problem() != null)
                .singleElement().satisfies(i -> {
                    assertThat(i.instanceId()).isEqualTo("5");
                    assertThat(i.state()).isEqualTo(InstanceState.FAILED);
                    assertThat(i.problem().code()).isEqualTo("VMUpgradeFailed");
                    assertThat(i.problem().message()).contains("instance 5", "failed");
                });

        stack.faults(web, Faults.builder().build());
        stack.workflow(id).retryWave(new OperatorCommand("bob", "repaired"));
        RolloutDetails done = stack.awaitState(id, RolloutState.SUCCEEDED);
        assertThat(done.waves().get(0).instances()).allSatisfy(i -> assertThat(i.problem()).isNull());
    }

    @Test
    void refusesAnAutomaticUpgradePolicyAndSaysHowToProceed() {
        ScaleSetKey web = stack.scaleSet("automatic", demoScaleSet().upgradePolicy(UpgradeMode.AUTOMATIC));

        String id = stack.submit(aPlanFor(web).build(), "alice");
        RolloutDetails failed = stack.awaitState(id, RolloutState.FAILED);

        assertThat(failed.stateReason()).contains("Automatic", "Manual", "allowPolicySwitch");
        assertThat(stack.upgraded(web)).isEmpty();
        assertThat(stack.report(web).minInService()).isEqualTo(20);
    }

    @Test
    void switchesAnAutomaticPolicyToManualForTheRolloutAndRestoresIt() {
        ScaleSetKey web = stack.scaleSet("switch", demoScaleSet().upgradePolicy(UpgradeMode.AUTOMATIC));

        String id = stack.submit(aPlanFor(web).allowingPolicySwitch().build(), "alice");
        RolloutDetails done = stack.awaitState(id, RolloutState.SUCCEEDED);

        assertThat(stack.report(web).minInService()).isGreaterThanOrEqualTo(16);
        assertThat(done.events()).extracting(EventRecord::type).contains(EventType.POLICY_SWITCHED, EventType.POLICY_RESTORED);
        assertThat(azure().readModel(WorkerStack.ref(web)).upgradePolicy()).isEqualToIgnoringCase("Automatic");
    }

    @Test
    void serverErrorsAreRetriedWithoutFailingTheRollout() {
        ScaleSetKey web = stack.scaleSet("faults", demoScaleSet());
        stack.faults(web, Faults.builder().seed(7).transient5xxRate(0.1).latencyMillis(20).build());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        stack.awaitState(id, RolloutState.SUCCEEDED);

        ScaleSetReport report = stack.report(web);
        assertThat(report.injectedErrors()).isPositive();
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((i, count) -> assertThat(count).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(16);
    }

    private List<Instance> instancesOf(ScaleSetKey key) {
        return azure().listInstances(WorkerStack.ref(key));
    }

    private AzureScaleSetActivities azure() {
        return new AzureScaleSetActivities(new ComputeClients(AzureSettings.simulator(
                stack.simulator.baseUrl().toString(), stack.simulator.certificatePem(), Duration.ofMillis(50))));
    }

    /** Update domains of the waves in the order they started. */
    private static List<Integer> startOrder(RolloutDetails details) {
        return details.waves().stream()
                .sorted(java.util.Comparator.comparing(WaveDetails::startedAt))
                .map(WaveDetails::index).collect(Collectors.toList());
    }
}
