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
import dev.vmssrollout.simulator.ApplicationMetric;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.workflows.AnalysisActivities.SampleRequest;
import dev.vmssrollout.workflows.AnalysisActivities.SampleResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server scrapes the simulator's application metrics (Prometheus text, every second) and the
 * PROMETHEUS provider judges two canaries through it: two instances of each scale set run the next image, which the
 * simulator degrades in one of them. The range query and the instant query over {{range}} both tell them apart, by a
 * constant and against the baseline; empty results, NaN and a series without the VM label are INCONCLUSIVE.
 */
class PrometheusAgainstSimulatorTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final String RESOURCE_GROUP = "demo-rg";
    private static final OsImage CURRENT = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    private static final String NEXT_VERSION = "24.04.202410010";
    private static final int INSTANCES = 6;
    private static final List<String> CANARIES = List.of("0", "1");
    private static final List<String> BASELINE = List.of("2", "3", "4", "5");
    private static final Duration INTERVAL = Duration.ofSeconds(3);

    private static final AnalysisCheck ERRORS_OVER_THE_RANGE = new AnalysisCheck("errors", "prometheus", null,
            "http_error_rate{vm=~\"{{instances}}\"}", "Average", "< 0.05");
    private static final AnalysisCheck ERRORS_AGAINST_BASELINE = new AnalysisCheck("errors-vs-peers", "prometheus", null,
            "avg_over_time(http_error_rate{vm=~\"{{instances}}\"}[{{range}}])", "Average", "<= baseline * 1.5");

    private static Simulator simulator;
    private static PrometheusServer prometheus;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JdbcAnalysisStore store = new JdbcAnalysisStore(database.dataSource());
    private final MetricAnalysisActivities activities = new MetricAnalysisActivities(store,
            Map.of("prometheus", new PrometheusProvider(ProviderSettings.prometheus("prometheus", prometheus.url(),
                    Duration.ofSeconds(10)))), Clock.systemUTC(), meters);

    @BeforeAll
    static void canariesScrapedByPrometheus() throws Exception {
        PrometheusServer.required();
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        StringBuilder scrapes = new StringBuilder();
        for (String name : List.of("degraded", "healthy")) {
            ScaleSetKey key = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, name);
            simulator.createScaleSet(key, ScaleSetSpec.builder().capacity(INSTANCES).upgradePolicy(UpgradeMode.MANUAL)
                    .image(CURRENT).upgradeMillis(100).bootMillis(100).build());
            if (name.equals("degraded")) {
                simulator.setFaults(key, Faults.builder()
                        .degradedImage(NEXT_VERSION, ApplicationMetric.HTTP_ERROR_RATE, 0.3).build());
            }
            upgradeCanaries(name);
            scrapes.append(PrometheusServer.simulatorScrapeJob(simulator, key));
        }
        // Started once the canaries run the next image: every series it scrapes is one VM on one image.
        prometheus = PrometheusServer.start(scrapes.toString());
    }

    /** As the worker would, in two ARM requests (plain HTTPS: the Compute SDK takes seconds to load). */
    private static void upgradeCanaries(String name) throws Exception {
        String scaleSet = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + name;
        arm("PATCH", scaleSet, "{\"properties\": {\"virtualMachineProfile\": {\"storageProfile\": {\"imageReference\": "
                + "{\"version\": \"" + NEXT_VERSION + "\"}}}}}");
        arm("POST", scaleSet + "/manualupgrade", "{\"instanceIds\": [\"" + String.join("\", \"", CANARIES) + "\"]}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> simulator(
                "GET", "/simulator/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                        + "/virtualMachineScaleSets/" + name + "/metrics", null).lines()
                .filter(line -> line.startsWith("http_error_rate{") && line.contains(NEXT_VERSION)).count()
                == CANARIES.size());
    }

    private static void arm(String method, String path, String body) throws Exception {
        simulator(method, path + "?api-version=2025-04-01", body);
    }

    private static String simulator(String method, String path, String body) throws Exception {
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(simulator.trustStore());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder().sslContext(tls).build()
                .send(java.net.http.HttpRequest.newBuilder(simulator.baseUrl().resolve(path))
                        .header("Authorization", "Bearer test").header("Content-Type", "application/json")
                        .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aDegradedCanaryFailsAndAHealthyOnePassesByAConstantAndAgainstItsPeers() {
        awaitPointsOverTheWholeRange();

        SampleResult degraded = measure("degraded", ERRORS_OVER_THE_RANGE, ERRORS_AGAINST_BASELINE);
        SampleResult healthy = measure("healthy", ERRORS_OVER_THE_RANGE, ERRORS_AGAINST_BASELINE);

        assertThat(degraded.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(degraded.reason()).contains("errors: Average(http_error_rate{vm=~\"{{instances}}\"}) 0.")
                .contains("is not < 0.05 over 2 instances").contains("is not <= baseline * 1.5 (baseline 0.0");
        assertThat(healthy).isEqualTo(new SampleResult(Verdict.PASS, null));

        List<Measurement> evidence = evidence();
        assertThat(evidence).as("the healthy canaries' analysis").hasSize(2).allSatisfy(m -> {
            assertThat(m.verdict()).isEqualTo(Verdict.PASS);
            assertThat(m.value()).isCloseTo(0.01, within(0.002));
            assertThat(m.baseline()).isCloseTo(0.01, within(0.002));
            assertThat(m.instanceValues()).hasSize(INSTANCES);
        });
        assertThat(evidence.get(0).query()).startsWith("POST /api/v1/query_range query=http_error_rate{vm=~\"healthy_0|"
                + "healthy_1|healthy_2|healthy_3|healthy_4|healthy_5\"} start=").contains(" step=1s");
        assertThat(evidence.get(1).query()).startsWith("POST /api/v1/query query=avg_over_time(http_error_rate{vm=~\""
                + "healthy_0|").contains("[3s]) time=");
        assertThat(meters.counter(MetricAnalysisActivities.MEASUREMENTS, "provider", "prometheus", "verdict", "FAIL")
                .count()).isEqualTo(2);
        assertThat(meters.counter(MetricAnalysisActivities.MEASUREMENTS, "provider", "prometheus", "verdict", "PASS")
                .count()).isEqualTo(2);
    }

    @Test
    void degradedValuesAreWhatTheSimulatorReportsPerCanary() {
        awaitPointsOverTheWholeRange();

        measure("degraded", ERRORS_OVER_THE_RANGE);

        Measurement m = evidence().get(0);
        assertThat(m.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(m.value()).isCloseTo(0.3, within(0.03));
        CANARIES.forEach(id -> assertThat(m.instanceValues().get("degraded_" + id)).isCloseTo(0.3, within(0.03)));
        BASELINE.forEach(id -> assertThat(m.instanceValues().get("degraded_" + id)).isCloseTo(0.01, within(0.002)));
    }

    @Test
    void emptyResultsNaNAndSeriesWithoutTheVmLabelAreInconclusiveNeverPass() {
        awaitPointsOverTheWholeRange();

        measure("healthy",
                check("nothing", "http_error_rate{vm=~\"{{instances}}\", image=\"no such image\"}"),
                check("nan", "http_error_rate{vm=~\"{{instances}}\"} * NaN"),
                check("no-vm-label", "avg(http_error_rate{vm=~\"{{instances}}\"})"),
                check("not-promql", "http_error_rate{vm=~\"{{instances}}\""));

        List<Measurement> evidence = evidence();
        assertThat(evidence).extracting(Measurement::verdict).containsOnly(Verdict.INCONCLUSIVE);
        assertThat(evidence).extracting(Measurement::reason).satisfiesExactly(
                nan -> assertThat(nan).startsWith("nan: no value for healthy_0 (NaN), healthy_1 (NaN)"),
                noLabel -> assertThat(noLabel).startsWith("no-vm-label: a series without the label 'vm'"),
                syntax -> assertThat(syntax).startsWith("not-promql: Prometheus answered 400: bad_data"),
                nothing -> assertThat(nothing).startsWith("nothing: no value for healthy_0, healthy_1"));
    }

    private static AnalysisCheck check(String name, String query) {
        return new AnalysisCheck(name, "prometheus", null, query, "Average", "< 0.05");
    }

    /** One rollout per scale set (only one may be active); each measurement is an analysis of its own. */
    private static final Map<String, String> rollouts = new java.util.concurrent.ConcurrentHashMap<>();
    private Instant lastAnalysis;
    private String lastRollout;

    private SampleResult measure(String scaleSet, AnalysisCheck... checks) {
        lastRollout = rollouts.computeIfAbsent(scaleSet, PrometheusAgainstSimulatorTest::aRollout);
        lastAnalysis = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return activities.measure(new SampleRequest(lastRollout, 0, lastAnalysis, 1,
                new ScaleSetRef(SUBSCRIPTION, RESOURCE_GROUP, scaleSet), CANARIES, BASELINE,
                new Analysis(List.of(checks), INTERVAL, 1, null).withDefaults()));
    }

    /** The measurements of the last analysis, by check name. */
    private List<Measurement> evidence() {
        return store.measurements(lastRollout).stream().filter(m -> m.analysisStartedAt().equals(lastAnalysis)).toList();
    }

    private static String aRollout(String scaleSet) {
        String id = UUID.randomUUID().toString();
        RolloutPlan plan = new RolloutPlan(new ScaleSetRef(SUBSCRIPTION, RESOURCE_GROUP, scaleSet),
                ImageChange.toVersion(NEXT_VERSION), null, null, null, null, false).withDefaults();
        new JdbcRolloutStore(database.dataSource()).create(new NewRollout(id, plan, "alice", null, Instant.now()));
        return id;
    }

    /** Prometheus has scraped every VM of both scale sets at least once a second over the last interval. */
    private void awaitPointsOverTheWholeRange() {
        PrometheusProvider provider = new PrometheusProvider(ProviderSettings.prometheus("prometheus", prometheus.url(),
                Duration.ofSeconds(5)));
        List<String> vms = IntStream.range(0, INSTANCES).mapToObj(i -> List.of("degraded_" + i, "healthy_" + i))
                .flatMap(List::stream).toList();
        AnalysisCheck points = check("points", "count_over_time(http_error_rate{vm=~\"{{instances}}\"}[{{range}}])");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Instant now = Instant.now();
            Map<String, Double> counts = provider.read(points, null, vms, now.minus(INTERVAL), now).values();
            return counts.size() == vms.size() && counts.values().stream().allMatch(c -> c >= INTERVAL.toSeconds());
        });
    }
}
