package dev.vmssrollout.worker.observability;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.health.WorkerHealth;
import dev.vmssrollout.worker.health.WorkerHttpServer;
import dev.vmssrollout.worker.notifications.NotificationSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.vmssrollout.worker.observability.ObservedWorker.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker's HTTP endpoint (/metrics, /health, /health/ready, /health/live) over a real rollout. */
class MetricsAndHealthTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ObservedWorker stack;
    private WorkerHttpServer http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void readyOnlyOnceTheWorkerPollsWhileLiveAtOnce() throws Exception {
        stack = new ObservedWorker(database, NotificationSettings.none());
        http = serve(database.dataSource());

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> notYet = get("/health/ready");
        assertThat(notYet.statusCode()).isEqualTo(503);
        assertThat(notYet.body()).contains("\"worker\":{\"status\":\"DOWN\"", "\"postgresql\":{\"status\":\"UP\"",
                "\"temporal\":{\"status\":\"UP\"");

        stack.startWorker();

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).startsWith("{\"status\":\"UP\"").doesNotContain("azure");
        HttpResponse<String> all = get("/health");
        assertThat(all.statusCode()).isEqualTo(200);
        // The simulator answers the probe (a 404 for the provider read still proves it reachable).
        assertThat(all.body()).contains("\"azure\":{\"status\":\"UP\"", "\"postgresql\":{\"status\":\"UP\"");
        assertThat(get("/health/other").statusCode()).isEqualTo(404);
    }

    @Test
    void reportsPostgresDownWhenItCannotBeReached() throws Exception {
        stack = new ObservedWorker(database, NotificationSettings.none()).startWorker();
        PGSimpleDataSource closedPort = new PGSimpleDataSource();
        closedPort.setURL("jdbc:postgresql://127.0.0.1:" + closedPort() + "/nothing?connectTimeout=2");
        http = serve(closedPort);

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).startsWith("{\"status\":\"DOWN\"")
                .contains("\"postgresql\":{\"status\":\"DOWN\",\"details\":{\"error\":")
                .contains("\"temporal\":{\"status\":\"UP\"");
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsShowArmRequestsByOperationAndStatusAndWhatTheWavesDid() throws Exception {
        // Without pacing, so that health polling runs into the budget below.
        stack = new ObservedWorker(database, NotificationSettings.none(), AzureSettings::withoutPacing).startWorker();
        http = serve(database.dataSource());
        ScaleSetKey web = stack.scaleSet("metrics");
        // Two reads a second of each read policy (the VM list's HighCostGetVMScaleSet has its own, as in Compute): health
        // polling gets some 429s (Retry-After 1 s), which the HTTP retry policy waits out and retries.
        stack.faults(web, Faults.builder().throttling(new Throttling(2, 1_000, 1_000, 60_000, 1)).build());
        ScaleSetKey gated = stack.scaleSet("gated");

        String id = stack.submit(plan(web, ApprovalMode.NONE, FailurePolicy.PAUSE));
        String waiting = stack.submit(plan(gated, ApprovalMode.FIRST_WAVE, FailurePolicy.PAUSE));
        stack.awaitState(id, RolloutState.SUCCEEDED);
        stack.awaitState(waiting, RolloutState.WAITING_FOR_APPROVAL);

        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        String metrics = scrape.body();
        assertThat(value(metrics, "vmss_rollout_arm_requests_seconds_count",
                "operation=\"POST virtualmachinescalesets/manualupgrade\"", "status=\"202\"")).isEqualTo(5);
        assertThat(value(metrics, "vmss_rollout_arm_requests_seconds_count",
                "operation=\"GET virtualmachinescalesets/virtualmachines\"", "status=\"200\"")).isPositive();
        assertThat(value(metrics, "vmss_rollout_arm_requests_seconds_count",
                "operation=\"PATCH virtualmachinescalesets\"", "status=\"")).isPositive();
        // Which read runs into the budget first depends on how fast a loaded machine polls (the VM list, or the model
        // read before and after each wave): each 429 shows under its operation, and as throttled and retried.
        double throttled = value(metrics, "vmss_rollout_arm_requests_seconds_count", "status=\"429\"");
        assertThat(throttled).isPositive();
        assertThat(value(metrics, "vmss_rollout_arm_throttled_total")).isEqualTo(throttled);
        assertThat(value(metrics, "vmss_rollout_arm_retries_total")).isPositive();
        assertThat(value(metrics, "vmss_rollout_waves_started_total", "direction=\"forward\"")).isEqualTo(5);
        assertThat(value(metrics, "vmss_rollout_waves_completed_total", "direction=\"forward\"")).isEqualTo(5);
        assertThat(value(metrics, "vmss_rollout_waves_failed_total", "direction=\"forward\"")).isZero();
        assertThat(value(metrics, "vmss_rollout_instances_upgraded_total", "direction=\"forward\"")).isEqualTo(20);
        assertThat(value(metrics, "vmss_rollout_wave_duration_seconds_count", "outcome=\"completed\"")).isEqualTo(5);
        assertThat(value(metrics, "vmss_rollout_rollouts_finished_total", "state=\"SUCCEEDED\"")).isEqualTo(1);
        // Gauges read from PostgreSQL in the background: a scrape shows the previous read.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String later = get("/metrics").body();
            assertThat(value(later, "vmss_rollout_rollouts", "state=\"SUCCEEDED\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(later, "vmss_rollout_rollouts", "state=\"WAITING_FOR_APPROVAL\"")).isEqualTo(1);
            assertThat(value(later, "vmss_rollout_approvals_pending")).isEqualTo(1);
            assertThat(value(later, "vmss_rollout_approvals_oldest_wait_seconds")).isPositive();
            // The Temporal SDK's own worker metrics, reported every 200 ms here (every 10 s in WorkerMain).
            assertThat(value(later, "temporal_worker_task_slots_available", "worker_type=\"ActivityWorker\""))
                    .isPositive();
            assertThat(value(later, "temporal_activity_schedule_to_start_latency_seconds_count")).isPositive();
        });
    }

    private WorkerHttpServer serve(DataSource dataSource) throws IOException {
        WorkerHealth health = WorkerHealth.of(dataSource, stack.temporal.getWorkflowServiceStubs(), "default",
                stack.compute, stack::isPolling);
        return WorkerHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), health, stack.meters);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    private static double value(String scrape, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            String labelSet = matcher.group(1) == null ? "" : matcher.group(1);
            if (Arrays.stream(labels).allMatch(labelSet::contains)) {
                sum += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no sample " + name + " with " + Arrays.toString(labels) + " in:\n" + scrape);
        }
        return sum;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
