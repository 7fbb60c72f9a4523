package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.InconclusivePolicy;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.vmssrollout.model.progress.EventType.PAUSED;
import static dev.vmssrollout.model.progress.EventType.WAVE_FAILED;
import static dev.vmssrollout.workflows.FakeScaleSet.OLD;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

/** How a wave's metric analysis decides the rollout's course (the measuring itself is the worker's). */
class WaveAnalysisTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private static Analysis threeSamples(InconclusivePolicy onInconclusive) {
        return new Analysis(List.of(new AnalysisCheck("errors", "azure-monitor", "http_error_rate", null, null,
                "< 0.05")), Duration.ofMinutes(1), 3, onInconclusive).withDefaults();
    }

    @Test
    void passingAnalysisTakesEverySampleOfEveryWaveWithTheLaterWavesAsBaseline() {
        FakeScaleSet scaleSet = aScaleSet();
        harness.start(scaleSet, aPlan().withAnalysis(threeSamples(null)).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        List<AnalysisActivities.SampleRequest> requests = harness.analysis.requests();
        assertThat(requests).extracting(r -> r.waveIndex() + "/" + r.sample()).containsExactly(
                "0/1", "0/2", "0/3", "1/1", "1/2", "1/3", "2/1", "2/2", "2/3", "3/1", "3/2", "3/3", "4/1", "4/2", "4/3");
        AnalysisActivities.SampleRequest first = requests.get(0);
        assertThat(first.waveInstanceIds()).containsExactlyInAnyOrderElementsOf(scaleSet.instancesInUpdateDomain(0));
        assertThat(first.baselineInstanceIds()).hasSize(16).doesNotContainAnyElementsOf(first.waveInstanceIds());
        assertThat(requests.get(14).baselineInstanceIds()).isEmpty();
        assertThat(requests).extracting(AnalysisActivities.SampleRequest::analysisStartedAt).doesNotContainNull();
    }

    @Test
    void failingAnalysisStopsAtTheFirstFailedSampleAndRollsBackUnderOnFailureRollback() {
        FakeScaleSet scaleSet = aScaleSet();
        harness.analysis.answer(0, Verdict.FAIL);
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).withAnalysis(threeSamples(null)).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.analysis.requests()).hasSize(1);
        assertThat(harness.progress.only(WAVE_FAILED).message()).isEqualTo("wave 1/5 failed: metric analysis failed: "
                + "sample 1/3: errors: 0.3 is not < 0.05 (scripted)");
        assertThat(scaleSet.upgradeCalls()).extracting(FakeScaleSet.UpgradeCall::instanceIds)
                .allSatisfy(ids -> assertThat(ids).containsExactlyInAnyOrderElementsOf(scaleSet.instancesInUpdateDomain(0)));
        assertThat(scaleSet.model()).isEqualTo(OLD);
    }

    @Test
    void inconclusiveAnalysisPausesForAPersonEvenUnderOnFailureRollbackAndResumeAcceptsTheWave() {
        FakeScaleSet scaleSet = aScaleSet();
        harness.analysis.answer(1, Verdict.INCONCLUSIVE);
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK)
                .withAnalysis(threeSamples(null)).build());

        harness.env().sleep(Duration.ofMinutes(10)); // the test server skips the analysis' timers
        ProgressEvent paused = harness.progress.awaitEvent(PAUSED);
        assertThat(paused.message()).isEqualTo("paused by onInconclusive=PAUSE: wave 2/5: metric analysis inconclusive "
                + "(onInconclusive=PAUSE): sample 1/3: errors: no value for web_3 (scripted); sample 2/3: errors: no value"
                + " for web_3 (scripted); sample 3/3: errors: no value for web_3 (scripted); resume to accept the wave and"
                + " go on, retry the wave, roll back or cancel");
        assertThat(harness.analysis.requests()).filteredOn(r -> r.waveIndex() == 1).hasSize(3);

        rollout.resume(new OperatorCommand("bob", "dashboards look fine"));
        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void inconclusiveUnderOnInconclusiveFailAppliesOnFailure() {
        harness.analysis.answer(0, Verdict.INCONCLUSIVE);
        harness.start(aScaleSet(), aPlan().onFailure(FailurePolicy.ABORT)
                .withAnalysis(threeSamples(InconclusivePolicy.FAIL)).build());

        RolloutProgress result = harness.result();
        assertThat(result.state()).isEqualTo(RolloutState.FAILED);
        assertThat(result.reason()).contains("metric analysis inconclusive (onInconclusive=FAIL)");
    }

    @Test
    void inconclusiveUnderOnInconclusivePassGoesOn() {
        harness.analysis.answer(0, Verdict.INCONCLUSIVE);
        harness.start(aScaleSet(), aPlan().onFailure(FailurePolicy.ABORT)
                .withAnalysis(threeSamples(InconclusivePolicy.PASS)).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void aMeasuringActivityThatKeepsFailingIsInconclusiveNeverAPass() {
        harness.analysis.broken();
        harness.start(aScaleSet(), aPlan().onFailure(FailurePolicy.ABORT)
                .withAnalysis(threeSamples(InconclusivePolicy.FAIL)).build());

        RolloutProgress result = harness.result();
        assertThat(result.state()).isEqualTo(RolloutState.FAILED);
        assertThat(result.reason()).contains("could not measure").contains("the analysis store is down");
    }
}
