package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.db.JdbcAnalysisStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.workflows.AnalysisActivities.SampleRequest;
import dev.vmssrollout.workflows.AnalysisActivities.SampleResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The measuring activity with a scripted provider and the real store: verdicts, inconclusive results, retries. */
class MetricAnalysisActivitiesTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final ScaleSetRef WEB = new ScaleSetRef("00000000-0000-0000-0000-000000000000", "demo-rg", "web");
    private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
    private static final AnalysisCheck ERRORS = new AnalysisCheck("errors", "azure-monitor", "http_error_rate", null,
            "Average", "< 0.05");
    private static final AnalysisCheck LATENCY = new AnalysisCheck("latency", "azure-monitor", "http_latency_ms", null,
            "Average", "<= baseline * 1.5");

    private final JdbcAnalysisStore store = new JdbcAnalysisStore(database.dataSource());
    private final Map<String, Double> reported = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private RuntimeException failure;
    private String rolloutId;

    private final MetricsProvider scripted = (check, target, vms, from, to) -> {
        reads.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        Map<String, Double> values = new HashMap<>();
        vms.forEach(vm -> {
            if (reported.containsKey(check.metric() + "/" + vm)) {
                values.put(vm, reported.get(check.metric() + "/" + vm));
            }
        });
        return new MetricsProvider.Reading("GET " + check.metric() + " " + from + "/" + to, values);
    };

    private final MetricAnalysisActivities activities = new MetricAnalysisActivities(store,
            Map.of("azure-monitor", scripted), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void aRollout() {
        rolloutId = UUID.randomUUID().toString();
        RolloutPlan plan = new RolloutPlan(new ScaleSetRef(WEB.subscriptionId(), WEB.resourceGroup(),
                "web-" + rolloutId.substring(0, 8)), ImageChange.toVersion("24.04.202410010"), null, null, null, null,
                false).withDefaults();
        new JdbcRolloutStore(database.dataSource()).create(new NewRollout(rolloutId, plan, "alice", null, NOW));
    }

    private void report(String metric, double value, String... instanceIds) {
        for (String id : instanceIds) {
            reported.put(metric + "/web_" + id, value);
        }
    }

    private SampleResult measure(int sample, List<String> wave, List<String> baseline, AnalysisCheck... checks) {
        return activities.measure(new SampleRequest(rolloutId, 0, NOW.minusSeconds(60), sample, WEB, wave, baseline,
                new Analysis(List.of(checks), Duration.ofSeconds(30), 2, null).withDefaults()));
    }

    @Test
    void aRetriedSampleIsAnsweredFromTheStoreNeitherMeasuredAgainNorStoredTwice() {
        report("http_error_rate", 0.3, "0", "5");
        report("http_error_rate", 0.01, "1", "6");

        SampleResult first = measure(1, List.of("0", "5"), List.of("1", "6"), ERRORS);
        reported.clear(); // what a second reading would see differs: the answer must not
        SampleResult retried = measure(1, List.of("0", "5"), List.of("1", "6"), ERRORS);

        assertThat(first.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(first.reason()).isEqualTo("errors: Average(http_error_rate) 0.3000 is not < 0.05 over 2 instances");
        assertThat(retried).isEqualTo(first);
        assertThat(reads).hasValue(1);
        List<Measurement> evidence = store.measurements(rolloutId);
        assertThat(evidence).singleElement().satisfies(m -> {
            assertThat(m.value()).isEqualTo(0.3);
            assertThat(m.baseline()).isEqualTo(0.01);
            assertThat(m.instanceValues()).containsEntry("web_0", 0.3).containsEntry("web_6", 0.01);
            assertThat(m.from()).isEqualTo(NOW.minusSeconds(30));
            assertThat(m.to()).isEqualTo(NOW);
            assertThat(m.query()).isEqualTo("GET http_error_rate " + NOW.minusSeconds(30) + "/" + NOW);
        });
    }

    @Test
    void comparesTheWaveWithTheInstancesStillOnThePreviousImage() {
        report("http_latency_ms", 200, "0");
        report("http_latency_ms", 120, "1", "2");
        assertThat(measure(1, List.of("0"), List.of("1", "2"), LATENCY).reason())
                .isEqualTo("latency: Average(http_latency_ms) 200.0 is not <= baseline * 1.5 (baseline 120.0) over 1 instance");

        report("http_latency_ms", 150, "0");
        assertThat(measure(2, List.of("0"), List.of("1", "2"), LATENCY).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void emptyNaNAndMissingBaselinesAreInconclusiveNeverPass() {
        report("http_error_rate", 0.01, "0");
        report("http_error_rate", Double.NaN, "5");
        report("http_latency_ms", 120, "0", "5");

        SampleResult result = measure(1, List.of("0", "5", "10"), List.of("1"), ERRORS, LATENCY);

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(store.measurements(rolloutId)).extracting(Measurement::reason).containsExactly(
                "errors: no value for web_5 (NaN), web_10",
                "latency: no value for web_10");
        assertThat(store.measurements(rolloutId)).allSatisfy(m -> assertThat(m.instanceValues())
                .containsEntry("web_5", m.check().equals("errors") ? null : 120.0).containsEntry("web_10", null));
        report("http_latency_ms", 120, "10");
        assertThat(measure(2, List.of("0", "5", "10"), List.of(), LATENCY).reason())
                .isEqualTo("latency: no baseline to compare 120.0 with: no instance is left on the previous image");
    }

    @Test
    void aProviderThatFailsOrIsNotConfiguredIsInconclusive() {
        failure = new MetricsProvider.ProviderException("GET x", "Azure Monitor could not be read: Timeout on blocking read", null);
        SampleResult down = measure(1, List.of("0"), List.of(), ERRORS);
        SampleResult unknown = measure(2, List.of("0"), List.of(),
                new AnalysisCheck("errors", "prometheus", "up", null, "Average", "< 1"));

        assertThat(down).isEqualTo(new SampleResult(Verdict.INCONCLUSIVE,
                "errors: Azure Monitor could not be read: Timeout on blocking read"));
        assertThat(unknown.reason()).isEqualTo(
                "errors: no provider named 'prometheus' is configured on the worker (configured: azure-monitor)");
        assertThat(store.measurements(rolloutId)).extracting(Measurement::verdict)
                .containsExactly(Verdict.INCONCLUSIVE, Verdict.INCONCLUSIVE);
    }

    @Test
    void aProviderThatJudgesItselfGivesTheVerdictAndAnErrorOfItsIsInconclusive() {
        List<VerdictProvider.Wave> asked = new java.util.ArrayList<>();
        VerdictProvider judge = (check, wave) -> {
            asked.add(wave);
            if (wave.sample() == 2) {
                throw new MetricsProvider.ProviderException("{}", "webhook judge answered 500", null);
            }
            return new VerdictProvider.Answer("{\"wave\": 1}", Verdict.FAIL, 0.2, Map.of("web_0", 0.2), "budget burnt");
        };
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MetricAnalysisActivities withJudge = new MetricAnalysisActivities(store, Map.of("judge", judge),
                Clock.fixed(NOW, ZoneOffset.UTC), meters);
        AnalysisCheck slo = new AnalysisCheck("slo", "judge", "http_error_rate", null, "Average", "< 0.05");
        Analysis analysis = new Analysis(List.of(slo), Duration.ofSeconds(30), 2, null).withDefaults();

        SampleResult failed = withJudge.measure(new SampleRequest(rolloutId, 0, NOW.minusSeconds(60), 1, WEB,
                List.of("0"), List.of("1"), analysis));
        SampleResult down = withJudge.measure(new SampleRequest(rolloutId, 0, NOW.minusSeconds(60), 2, WEB,
                List.of("0"), List.of("1"), analysis));
        withJudge.measure(new SampleRequest(rolloutId, 0, NOW.minusSeconds(60), 1, WEB, List.of("0"), List.of("1"),
                analysis)); // a retry: answered from the store, not asked nor counted again

        assertThat(failed).isEqualTo(new SampleResult(Verdict.FAIL, "slo: judge says FAIL (value 0.2000): budget burnt"));
        assertThat(down).isEqualTo(new SampleResult(Verdict.INCONCLUSIVE, "slo: webhook judge answered 500"));
        assertThat(asked).hasSize(2).first().satisfies(wave -> {
            assertThat(wave.vms()).containsExactly("web_0");
            assertThat(wave.baselineVms()).containsExactly("web_1");
            assertThat(wave.from()).isEqualTo(NOW.minusSeconds(30));
        });
        assertThat(store.measurements(rolloutId)).first().satisfies(m -> {
            assertThat(m.query()).isEqualTo("{\"wave\": 1}");
            assertThat(m.value()).isEqualTo(0.2);
            assertThat(m.instanceValues()).containsEntry("web_0", 0.2);
        });
        assertThat(meters.counter(MetricAnalysisActivities.MEASUREMENTS, "provider", "judge", "verdict", "FAIL").count())
                .isEqualTo(1);
        assertThat(meters.counter(MetricAnalysisActivities.MEASUREMENTS, "provider", "judge", "verdict", "INCONCLUSIVE")
                .count()).isEqualTo(1);
    }
}
