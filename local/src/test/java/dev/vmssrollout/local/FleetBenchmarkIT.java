package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.workflows.TemporalConnection;
import dev.vmssrollout.workflows.devserver.CliDevServer;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.vmssrollout.local.Deployables.cpu;
import static dev.vmssrollout.local.Deployables.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleet scale: many small scale sets rolled at once by one worker process. The simulator, the Temporal dev server
 * and the worker jar run as processes of their own (PostgreSQL is the test's), so the worker's CPU time and heap are
 * its own. Rollouts are submitted as the API and the reconciler do (a row, then the workflow), from a pool of 8
 * threads. Prints {@code [fleet]} lines; BENCHMARKS.md ("Fleet") has the figures and what they mean.
 * <p>
 * {@code mvn -B -pl local -am verify -Dgroups=benchmark -DexcludedGroups=none -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FleetBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false}
 * with {@code -Dfleet.scaleSets=500} (default), {@code -Dfleet.workerHeap=1g}, {@code -Dfleet.pollInterval=PT2S} and
 * {@code -Dfleet.workerEnv=VMSS_ROLLOUT_MAX_CONCURRENT_ACTIVITIES=600,...} to try another tuning; Temporal is the real
 * dev server ({@code temporal server start-dev}), or the Java SDK's test server with {@code -Dfleet.temporal=test}.
 */
@Tag("benchmark")
class FleetBenchmarkIT {

    private static final int SCALE_SETS = Integer.getInteger("fleet.scaleSets", 500);
    private static final int INSTANCES = 10;
    private static final long UPGRADE_MILLIS = Long.getLong("fleet.upgradeMillis", 5_000);
    private static final long BOOT_MILLIS = Long.getLong("fleet.bootMillis", 2_000);
    private static final String POLL_INTERVAL = System.getProperty("fleet.pollInterval", "PT2S");
    private static final String WORKER_HEAP = System.getProperty("fleet.workerHeap", "1g");
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final String RESOURCE_GROUP = "fleet-rg";
    private static final Duration START = Duration.ofSeconds(120);
    /** The real Temporal dev server (default), or {@code -Dfleet.temporal=test}: the Java SDK's test server. */
    private static final boolean REAL_TEMPORAL = !"test".equals(System.getProperty("fleet.temporal", "real"));

    @TempDir
    Path work;

    @Test
    void rollsOutAFleetOfSmallScaleSetsAtOnce() throws Exception {
        Deployables.run("fleet-benchmark-it", this::run);
    }

    private void run(ChildProcesses processes, TestDatabase database) throws Exception {
        int simulatorPort = TemporalDevServer.freePort();
        int temporalPort = TemporalDevServer.freePort();
        int workerHttpPort = TemporalDevServer.freePort();
        Path simulatorData = work.resolve("simulator");
        try (CliDevServer real = REAL_TEMPORAL ? Deployables.realTemporal(work, temporalPort, "-Dfleet.temporal=real")
                : null) {
            Deployables.Started started = real != null
                    ? Deployables.simulatorAlone(processes, simulatorPort, simulatorData, START)
                    : Deployables.simulatorAndTemporal(processes, simulatorPort, simulatorData, temporalPort, START);
            ProcessHandle temporal = real != null ? ProcessHandle.of(real.pid()).orElseThrow()
                    : started.temporal().process().toHandle();
            roll(processes, database, started, temporal, temporalPort, simulatorPort, workerHttpPort);
        }
    }

    private void roll(ChildProcesses processes, TestDatabase database, Deployables.Started started,
                      ProcessHandle temporal, int temporalPort, int simulatorPort, int workerHttpPort) throws Exception {
        ProcessHandle simulator = started.simulator().process().toHandle();
        Path certificate = started.certificate();
        HttpClient https = Https.trusting(certificate);
        URI simulatorUrl = URI.create("https://localhost:" + simulatorPort);
        createScaleSets(https, simulatorUrl);

        Map<String, String> env = Deployables.workerEnvironment(database, temporalPort, simulatorPort, certificate,
                workerHttpPort);
        env.put("VMSS_ROLLOUT_HEALTH_POLL_INTERVAL", POLL_INTERVAL);
        env.putAll(extraWorkerEnvironment());
        ChildProcesses.Child worker = processes.startJar("worker", Deployables.jar("worker"),
                List.of("-Xmx" + WORKER_HEAP, "-Xms" + WORKER_HEAP), List.of(), env);
        ChildProcesses.awaitOutput(worker, "vmss-rollout worker polling", START);
        WorkerScraper scraper = new WorkerScraper(URI.create("http://127.0.0.1:" + workerHttpPort + "/metrics"));
        JdbcRolloutStore store = new JdbcRolloutStore(database.dataSource());
        WorkflowClient client = TemporalConnection.local("127.0.0.1:" + temporalPort).connect();

        Duration workerCpuBefore = cpu(worker.process().toHandle());
        Duration simulatorCpuBefore = cpu(simulator);
        Duration temporalCpuBefore = cpu(temporal);
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
        sampling.scheduleAtFixedRate(scraper::sample, 0, 2, TimeUnit.SECONDS);
        Instant start = Instant.now();
        List<String> ids = submitAll(store, client);
        Duration submitted = Duration.between(start, Instant.now());
        // A run that does not end must still say how far it got, and whether it is slow or stuck.
        sampling.scheduleAtFixedRate(() -> progress(database, start), 30, 30, TimeUnit.SECONDS);
        Map<String, Integer> states = await("every rollout to end").atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> statesOf(database), counts -> counts.getOrDefault("SUCCEEDED", 0)
                        + counts.getOrDefault("FAILED", 0) + counts.getOrDefault("CANCELLED", 0)
                        + counts.getOrDefault("ROLLED_BACK", 0) + counts.getOrDefault("PAUSED", 0) == SCALE_SETS);
        Duration wall = Duration.between(start, Instant.now());
        sampling.shutdownNow();
        scraper.sample();
        Duration workerCpu = cpu(worker.process().toHandle()).minus(workerCpuBefore);

        long upgradedOnce = countUpgradedExactlyOnce(https, simulatorUrl);
        Stats rollouts = Stats.of(database, """
                SELECT EXTRACT(EPOCH FROM (MAX(at) - MIN(at))) * 1000 FROM events GROUP BY rollout_id""");
        Stats gaps = Stats.of(database, """
                SELECT EXTRACT(EPOCH FROM (next.started_at - w.completed_at)) * 1000
                FROM waves w JOIN waves next ON next.rollout_id = w.rollout_id AND next.wave_index = w.wave_index + 1
                WHERE next.started_at IS NOT NULL AND w.completed_at IS NOT NULL""");
        Stats waves = Stats.of(database, """
                SELECT EXTRACT(EPOCH FROM (completed_at - started_at)) * 1000 FROM waves WHERE completed_at IS NOT NULL""");
        double ideal = 5.0 * (UPGRADE_MILLIS + BOOT_MILLIS) / 1000;

        System.out.printf("%n[fleet] %d scale sets x %d instances, 5 waves of %d + %d ms, health poll %s, worker heap %s,"
                        + " worker env %s, Temporal %s%n", SCALE_SETS, INSTANCES, UPGRADE_MILLIS, BOOT_MILLIS, POLL_INTERVAL,
                WORKER_HEAP, extraWorkerEnvironment(), REAL_TEMPORAL ? "the real dev server (temporal server start-dev)"
                        : "the Java SDK's test server");
        System.out.printf("[fleet] submitted in %.1f s; all ended after %.1f s (one rollout alone: %.0f s simulated);"
                + " states %s%n", seconds(submitted), seconds(wall), ideal, states);
        System.out.printf("[fleet] rollout duration (first to last event) s: %s%n", rollouts.inSeconds());
        System.out.printf("[fleet] wave duration s: %s; wave completed -> next wave started s: %s%n",
                waves.inSeconds(), gaps.inSeconds());
        System.out.printf("[fleet] worker CPU %.1f s over %.1f s wall (%.2f cores); simulator %.1f s, Temporal %.1f s"
                        + " CPU%n", seconds(workerCpu), seconds(wall), seconds(workerCpu) / seconds(wall),
                seconds(cpu(simulator).minus(simulatorCpuBefore)), seconds(cpu(temporal).minus(temporalCpuBefore)));
        System.out.printf("[fleet] worker heap used max %.0f MB; %s%n", scraper.maxHeapBytes / 1e6, scraper);
        System.out.printf("[fleet] instances upgraded exactly once: %d of %d%n", upgradedOnce, SCALE_SETS * INSTANCES);

        assertThat(ids).hasSize(SCALE_SETS);
        assertThat(states).containsEntry("SUCCEEDED", SCALE_SETS);
        assertThat(upgradedOnce).isEqualTo((long) SCALE_SETS * INSTANCES);
    }

    private void createScaleSets(HttpClient https, URI simulator) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> created = new ArrayList<>();
            for (int i = 0; i < SCALE_SETS; i++) {
                String body = """
                        {"capacity": %d, "upgradePolicy": "Manual",
                         "image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                                   "version": "24.04.202409010"},
                         "upgradeMillis": %d, "bootMillis": %d}""".formatted(INSTANCES, UPGRADE_MILLIS, BOOT_MILLIS);
                HttpRequest request = HttpRequest.newBuilder(simulator.resolve(adminPath(i)))
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
                created.add(pool.submit(() -> https.send(request, HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> response : created) {
                assertThat(response.get().statusCode()).as(response.get().body()).isBetween(200, 201);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> submitAll(JdbcRolloutStore store, WorkflowClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < SCALE_SETS; i++) {
                int index = i;
                submitted.add(pool.submit(() -> submit(store, client, index)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : submitted) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String submit(JdbcRolloutStore store, WorkflowClient client, int index) {
        return Deployables.submit(store, client, new RolloutPlan(new ScaleSetRef(SUBSCRIPTION, RESOURCE_GROUP, name(index)),
                ImageChange.toVersion("24.04.202410010"), Strategy.byUpdateDomain(), ApprovalMode.NONE,
                new HealthPolicy(Duration.ofMinutes(20), Duration.ZERO, 0), FailurePolicy.PAUSE, false),
                "fleet-benchmark");
    }

    private long countUpgradedExactlyOnce(HttpClient https, URI simulator) throws Exception {
        long once = 0;
        for (int i = 0; i < SCALE_SETS; i++) {
            HttpResponse<String> report = https.send(HttpRequest.newBuilder(simulator.resolve(adminPath(i) + "/report"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode counts = RolloutApi.json(report.body()).path("upgradeCounts");
            for (JsonNode count : (Iterable<JsonNode>) counts::elements) {
                once += count.asInt() == 1 ? 1 : 0;
            }
        }
        return once;
    }

    private static void progress(TestDatabase database, Instant start) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet waves = statement.executeQuery("SELECT count(*) FROM waves WHERE completed_at IS NOT NULL")) {
            waves.next();
            System.out.printf("[fleet] after %d s: rollouts %s, waves completed %d of %d%n",
                    Duration.between(start, Instant.now()).toSeconds(), statesOf(database), waves.getLong(1),
                    5L * SCALE_SETS);
        } catch (SQLException e) {
            System.out.println("[fleet] progress unreadable: " + e.getMessage());
        }
    }

    private static Map<String, Integer> statesOf(TestDatabase database) throws SQLException {
        Map<String, Integer> states = new TreeMap<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, count(*) FROM rollouts GROUP BY state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getInt(2));
            }
        }
        return states;
    }

    private static Map<String, String> extraWorkerEnvironment() {
        Map<String, String> extra = new TreeMap<>();
        String spec = System.getProperty("fleet.workerEnv", "");
        for (String pair : spec.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                extra.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return extra;
    }

    private static String adminPath(int index) {
        return "/simulator/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                + "/virtualMachineScaleSets/" + name(index);
    }

    private static String name(int index) {
        return "fleet-%04d".formatted(index);
    }

    /** p50, p99 and max of one column of numbers (milliseconds) a query returns. */
    private record Stats(List<Double> sorted) {

        static Stats of(TestDatabase database, String query) throws SQLException {
            List<Double> values = new ArrayList<>();
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(query)) {
                while (rows.next()) {
                    values.add(rows.getDouble(1));
                }
            }
            values.sort(Double::compare);
            return new Stats(values);
        }

        String inSeconds() {
            if (sorted.isEmpty()) {
                return "none";
            }
            return "p50 %.2f, p99 %.2f, max %.2f (n=%d)".formatted(at(0.50) / 1000, at(0.99) / 1000,
                    sorted.get(sorted.size() - 1) / 1000, sorted.size());
        }

        private double at(double quantile) {
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
        }
    }
}
