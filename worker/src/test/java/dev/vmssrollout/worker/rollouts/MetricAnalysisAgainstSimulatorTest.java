package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ApplicationMetric;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.worker.analysis.AnalysisProviders;
import dev.vmssrollout.worker.analysis.PrometheusServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Metric analysis gates end to end: the simulator's Azure Monitor metrics (or a real Prometheus scraping the
 * simulator), the worker, Temporal and PostgreSQL.
 */
class MetricAnalysisAgainstSimulatorTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    /** Two measurements a second apart, each wave's error rate under 5%. */
    private static final Analysis ERRORS_BELOW_5_PERCENT = new Analysis(List.of(new AnalysisCheck("errors",
            "azure-monitor", "http_error_rate", null, "Average", "< 0.05")), Duration.ofSeconds(1), 2, null);
    /** Three waves of four instances. */
    private static final Strategy THREE_WAVES = new Strategy(StrategyMode.BATCH, 4, null, List.of(), Duration.ZERO, false);

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
    void degradedImageFailsTheFirstWavesAnalysisAndRollsBackBeforeAnyLaterInstanceIsUpgraded() {
        ScaleSetKey web = stack.scaleSet("degraded", demoScaleSet().capacity(12));
        stack.faults(web, Faults.builder()
                .degradedImage(WorkerStack.NEXT_VERSION, ApplicationMetric.HTTP_ERROR_RATE, 0.3).build());

        String id = stack.submit(aPlanFor(web).withStrategy(THREE_WAVES).onFailure(FailurePolicy.ROLLBACK)
                .withAnalysis(ERRORS_BELOW_5_PERCENT).build(), "alice");
        RolloutDetails done = await(id, RolloutState.ROLLED_BACK);

        List<String> firstWave = done.waves().get(0).instances().stream().map(i -> i.instanceId()).toList();
        assertThat(stack.upgraded(web)).as("only the first wave: upgraded, then rolled back")
                .containsOnlyKeys(firstWave);
        assertThat(done.waves()).extracting(w -> w.state())
                .containsExactly(WaveState.ROLLED_BACK, WaveState.PENDING, WaveState.PENDING);
        assertThat(done.events()).filteredOn(e -> e.type() == EventType.WAVE_FAILED).singleElement()
                .satisfies(e -> assertThat(e.message())
                .contains("metric analysis failed: sample 1/2: errors: Average(http_error_rate) 0.").contains("is not < 0.05"));
        List<Measurement> evidence = stack.analysis.measurements(id);
        assertThat(evidence).singleElement().satisfies(m -> {
            assertThat(m.waveIndex()).isZero();
            assertThat(m.sample()).isEqualTo(1);
            assertThat(m.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(m.value()).isCloseTo(0.3, within(0.03));
            assertThat(m.query()).contains("metricnames=http_error_rate").contains("interval=FULL");
            assertThat(m.instanceValues()).hasSize(12);
            firstWave.forEach(instance -> assertThat(m.instanceValues().get("degraded_" + instance))
                    .isCloseTo(0.3, within(0.03)));
            assertThat(m.baseline()).as("the eight instances still on the previous image").isCloseTo(0.01, within(0.001));
        });
    }

    @Test
    void healthyImagePassesEveryWaveWithTheSamePlanAndKeepsEveryMeasurementOnceThroughAWorkerCrash() {
        ScaleSetKey web = stack.scaleSet("healthy", demoScaleSet().capacity(12));

        String id = stack.submit(aPlanFor(web).withStrategy(THREE_WAVES).onFailure(FailurePolicy.ROLLBACK)
                .withAnalysis(ERRORS_BELOW_5_PERCENT).build(), "alice");
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> !stack.analysis.measurements(id).isEmpty());
        stack.killWorker(); // between the first and the second measurement of the first wave
        stack.startWorker();
        await(id, RolloutState.SUCCEEDED);

        assertThat(stack.upgraded(web)).hasSize(12);
        List<Measurement> evidence = stack.analysis.measurements(id);
        assertThat(evidence).extracting(m -> m.waveIndex() + "/" + m.sample())
                .containsExactly("0/1", "0/2", "1/1", "1/2", "2/1", "2/2");
        assertThat(evidence).allSatisfy(m -> {
            assertThat(m.verdict()).isEqualTo(Verdict.PASS);
            assertThat(m.value()).isCloseTo(0.01, within(0.001));
        });
    }

    @Test
    void aPrometheusCheckThroughARealPrometheusRollsBackADegradedImageAndPassesAHealthyOne() {
        PrometheusServer.required();
        ScaleSetKey degraded = stack.scaleSet("prom-degraded", demoScaleSet().capacity(12));
        ScaleSetKey healthy = stack.scaleSet("prom-healthy", demoScaleSet().capacity(12));
        stack.faults(degraded, Faults.builder()
                .degradedImage(WorkerStack.NEXT_VERSION, ApplicationMetric.HTTP_ERROR_RATE, 0.3).build());
        try (PrometheusServer prometheus = PrometheusServer.start(
                PrometheusServer.simulatorScrapeJobAcrossUpgrades(stack.simulator, degraded)
                        + PrometheusServer.simulatorScrapeJobAcrossUpgrades(stack.simulator, healthy))) {
            prometheus.awaitScraped("http_error_rate", degraded.name(), healthy.name());
            stack.restartWorkerWithAnalysis(Map.of(AnalysisProviders.PROVIDERS, "prometheus",
                    "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_TYPE", "PROMETHEUS",
                    "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_URL", prometheus.url().toString()));
            Analysis errorsByPrometheus = new Analysis(List.of(new AnalysisCheck("errors", "prometheus", null,
                    "http_error_rate{vm=~\"{{instances}}\"}", "Average", "< 0.05")), Duration.ofSeconds(2), 2, null);

            String failing = stack.submit(aPlanFor(degraded).withStrategy(THREE_WAVES).onFailure(FailurePolicy.ROLLBACK)
                    .withAnalysis(errorsByPrometheus).build(), "alice");
            String passing = stack.submit(aPlanFor(healthy).withStrategy(THREE_WAVES).onFailure(FailurePolicy.ROLLBACK)
                    .withAnalysis(errorsByPrometheus).build(), "alice");
            RolloutDetails rolledBack = await(failing, RolloutState.ROLLED_BACK);
            await(passing, RolloutState.SUCCEEDED);

            List<String> firstWave = rolledBack.waves().get(0).instances().stream().map(i -> i.instanceId()).toList();
            assertThat(stack.upgraded(degraded)).as("only the first wave").containsOnlyKeys(firstWave);
            assertThat(stack.analysis.measurements(failing)).last().satisfies(m -> {
                assertThat(m.waveIndex()).isZero();
                assertThat(m.provider()).isEqualTo("prometheus");
                assertThat(m.verdict()).isEqualTo(Verdict.FAIL);
                assertThat(m.query()).startsWith("POST /api/v1/query_range query=http_error_rate{vm=~\"prom-degraded_");
                firstWave.forEach(instance -> assertThat(m.instanceValues().get("prom-degraded_" + instance))
                        .isGreaterThan(0.05));
            });
            assertThat(stack.upgraded(healthy)).hasSize(12);
            assertThat(stack.analysis.measurements(passing)).hasSize(6)
                    .allSatisfy(m -> assertThat(m.verdict()).isEqualTo(Verdict.PASS));
        }
    }

    /** Longer than the stack's minute: on a loaded machine preflight alone has taken 40 s. */
    private RolloutDetails await(String id, RolloutState state) {
        return stack.awaitRollout(id, Duration.ofMinutes(3), r -> r.state() == state);
    }
}
