package dev.vmssrollout.simulator;

import com.azure.resourcemanager.compute.ComputeManager;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static dev.vmssrollout.simulator.ScaleSetFixture.NEXT_VERSION;
import static dev.vmssrollout.simulator.ScaleSetFixture.updateDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Application metrics per instance, through the Azure Monitor metrics API and the Prometheus text. */
class ApplicationMetricsTest {
    private static Simulator simulator;
    private static ComputeManager compute;
    private static RawArm raw;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        compute = SdkClients.computeManager(simulator);
        raw = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void degradedImageRaisesTheErrorRateOfExactlyTheInstancesRunningIt() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "degraded", UpgradeMode.MANUAL);
        HttpResponse<String> faults = raw.send("PUT", RawArm.adminPath(web.key) + "/faults", null,
            "{\"degradedImages\": {\"" + NEXT_VERSION + "\": {\"http_error_rate\": 0.3}}}");
        assertThat(faults.statusCode()).isEqualTo(200);
        web.putImage(image -> image.withVersion(NEXT_VERSION));
        web.manualUpgrade(updateDomain(0));
        web.awaitAllServing(updateDomain(0));

        assertThat(perVm(query(web.key, "http_error_rate", "Average", Duration.ofSeconds(5), "VMName eq '*'")))
            .as("Azure's default top").hasSize(10);
        Map<String, Double> rates = perVm(query(web.key, "http_error_rate", "Average&top=20", Duration.ofSeconds(5),
            "VMName eq '*'"));

        assertThat(rates).hasSize(20);
        rates.forEach((vm, rate) -> {
            boolean upgraded = updateDomain(0).contains(vm.substring(vm.indexOf('_') + 1));
            assertThat(rate).as(vm).isCloseTo(upgraded ? 0.3 : 0.01, within(upgraded ? 0.03 : 0.001));
        });
        String text = raw.get(RawArm.adminPath(web.key) + "/metrics", null).body();
        assertThat(text).contains("# TYPE http_error_rate gauge")
            .containsPattern("http_error_rate\\{vm=\"degraded_0\",instance_id=\"0\",scale_set=\"degraded\",image=\"[^\"]*"
                + NEXT_VERSION + "\"} 0\\.(2[7-9]|3[0-3])")
            .containsPattern("percentage_cpu\\{vm=\"degraded_1\"[^}]*} \\d");
    }

    @Test
    void anInstanceBeingUpgradedReportsAGapNotAValue() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "gap",
            ScaleSetFixture.fastSpec().upgradeMillis(5_000).build());
        web.putImage(image -> image.withVersion(NEXT_VERSION));
        // Raw POST: the SDK would wait for the upgrade to finish.
        assertThat(raw.send("POST", RawArm.scaleSetPath(web.key) + "/manualupgrade?" + RawArm.API_VERSION, "t",
            "{\"instanceIds\":[\"0\"]}").statusCode()).isEqualTo(202);

        JsonNode answer = query(web.key, "http_latency_ms", "Average,Count", Duration.ofSeconds(3),
            "VMName eq 'gap_0' or VMName eq 'gap_1'");

        JsonNode series = answer.path("value").get(0).path("timeseries");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).path("metadatavalues").get(0).path("value").asText()).isEqualTo("gap_0");
        assertThat(series.get(0).path("data").get(0).has("average")).as("stopped for its upgrade").isFalse();
        assertThat(series.get(1).path("data").get(0).path("average").asDouble()).isCloseTo(120, within(12.0));
        assertThat(series.get(1).path("data").get(0).path("count").asLong()).isPositive();
    }

    @Test
    void sameSeedSameValues() {
        Instant created = Instant.now();
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "seeded", UpgradeMode.MANUAL);
        Instant to = created.plusSeconds(2);
        ScaleSetFixture.await("the window has passed", Duration.ofSeconds(5), () -> Instant.now().isAfter(to));
        String span = "&timespan=" + created.minusSeconds(10) + "/" + to;
        String path = metricsPath(web.key) + "?api-version=2023-10-01&metricnames=Percentage%20CPU&interval=FULL"
            + "&$filter=" + encode("VMName eq '*'") + span;

        assertThat(raw.get(path, "t").body()).isEqualTo(raw.get(path, "t").body());
        assertThat(perVm(RawArm.json(raw.get(path, "t"))).values()).allSatisfy(cpu -> assertThat(cpu).isBetween(31.5, 38.5));
    }

    @Test
    void refusesWhatAzureRefuses() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "refuses", UpgradeMode.MANUAL);
        String base = metricsPath(web.key) + "?api-version=2023-10-01";

        assertThat(raw.get(base + "&metricnames=http_error_rate", null).statusCode()).isEqualTo(401);
        assertThat(raw.get(base + "&metricnames=nonsense", "t").body()).contains("Failed to find metric configuration");
        assertThat(raw.get(base + "&metricnames=http_error_rate&interval=PT5S", "t").body())
            .contains("smallest time grain is PT1M");
        assertThat(raw.get(base + "&metricnames=http_error_rate&aggregation=Median", "t").statusCode()).isEqualTo(400);
        assertThat(raw.get(metricsPath(web.key) + "?metricnames=http_error_rate", "t").body())
            .contains("MissingApiVersionParameter");
        assertThat(raw.send("PUT", RawArm.adminPath(web.key) + "/faults", null,
            "{\"degradedImages\": {\"x\": {\"http_error_rate\": 1.5}}}").body()).contains("between 0 and 1.0");
    }

    /** {@code aggregation} goes into the URL as it is, so it may carry more parameters ({@code Average&top=20}). */
    private static JsonNode query(ScaleSetKey key, String metric, String aggregation, Duration window, String filter) {
        Instant to = Instant.now();
        HttpResponse<String> response = raw.get(metricsPath(key) + "?api-version=2023-10-01&metricnames=" + encode(metric)
            + "&aggregation=" + aggregation + "&interval=FULL&timespan=" + to.minus(window) + "/" + to
            + "&$filter=" + encode(filter), "token");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RawArm.json(response);
    }

    private static Map<String, Double> perVm(JsonNode answer) {
        Map<String, Double> values = new HashMap<>();
        answer.path("value").get(0).path("timeseries").forEach(series -> values.put(
            series.path("metadatavalues").get(0).path("value").asText(),
            series.path("data").get(0).path("average").asDouble(Double.NaN)));
        return values;
    }

    private static String metricsPath(ScaleSetKey key) {
        return RawArm.scaleSetPath(key) + "/providers/Microsoft.Insights/metrics";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
