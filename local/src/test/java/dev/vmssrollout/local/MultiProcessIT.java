package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.RolloutInvariants;
import dev.vmssrollout.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployables as separate operating-system processes, configured by environment variables as README.md
 * ("Configuration") documents: the simulator jar, the Temporal dev server (the local jar's {@code temporal-server}),
 * the worker jar and the API jar, on a PostgreSQL of the test's own. The worker is killed with SIGKILL in the middle
 * of a wave, a new worker process takes over, and the rollout completes with every instance upgraded exactly once.
 * <p>
 * A failsafe test ({@code *IT}): {@code mvn verify} runs it after the reactor packaged the jars.
 */
class MultiProcessIT {

    private static final Duration START = Duration.ofSeconds(120);
    /** The killed worker's activity is retried after its 30 s heartbeat timeout: this leaves room for that. */
    private static final Duration ROLLOUT = Duration.ofSeconds(240);
    private static final String SCALE_SET = "/simulator/v1/subscriptions/00000000-0000-0000-0000-000000000000"
            + "/resourceGroups/multi-process-rg/virtualMachineScaleSets/web";

    @TempDir
    Path work;

    private ChildProcesses processes;
    private TestDatabase database;

    @BeforeEach
    void setUp() {
        processes = new ChildProcesses(Path.of("target", "multi-process-it"));
        database = TestDatabase.migrated();
    }

    @AfterEach
    void tearDown() {
        try {
            processes.close();
        } finally {
            database.close();
        }
    }

    @Test
    void aWorkerKilledWithSigkillMidWaveIsReplacedAndEveryInstanceIsUpgradedExactlyOnce() throws Exception {
        try {
            run();
        } catch (Throwable failure) {
            // What the processes said is the first thing anyone debugging this wants to see.
            failure.addSuppressed(new AssertionError("logs of the processes:" + processes.tails()));
            throw failure;
        }
    }

    private void run() throws Exception {
        int simulatorPort = TemporalDevServer.freePort();
        int temporalPort = TemporalDevServer.freePort();
        int apiPort = TemporalDevServer.freePort();
        Path simulatorData = work.resolve("simulator");

        ChildProcesses.Child simulator = processes.startJar("simulator", jar("simulator"),
                List.of("--port", String.valueOf(simulatorPort), "--data", simulatorData.toString()), Map.of());
        ChildProcesses.Child temporal = processes.startJar("temporal", jar("local"),
                List.of("temporal-server", "--port", String.valueOf(temporalPort)), Map.of());
        ChildProcesses.awaitOutput(simulator, "vmss-simulator serving ARM", START);
        Path certificate = simulatorData.resolve("simulator-cert.pem");
        HttpClient simulatorClient = Https.trusting(certificate);
        URI simulatorUrl = URI.create("https://localhost:" + simulatorPort);
        // Upgrades long enough that a wave is surely caught in progress, short enough for a quick test.
        HttpResponse<String> created = simulatorClient.send(HttpRequest.newBuilder(simulatorUrl.resolve(SCALE_SET))
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"capacity": 20, "upgradePolicy": "Manual",
                         "image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                                   "version": "24.04.202409010"},
                         "upgradeMillis": 2500, "bootMillis": 500}"""))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        ChildProcesses.awaitOutput(temporal, "Temporal dev server", START);

        Map<String, String> workerEnv = workerEnvironment(temporalPort, simulatorPort, certificate);
        ChildProcesses.Child firstWorker = processes.startJar("worker", jar("worker"), List.of(), workerEnv);
        ChildProcesses.Child api = processes.startJar("api", jar("api"), List.of(), Map.of(
                "SERVER_PORT", String.valueOf(apiPort),
                "SPRING_DATASOURCE_URL", database.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password(),
                "VMSS_TEMPORAL_TARGET", "127.0.0.1:" + temporalPort));
        ChildProcesses.awaitOutput(firstWorker, "vmss-rollout worker polling", START);
        RolloutApi rollouts = new RolloutApi(URI.create("http://localhost:" + apiPort));
        await("the API to answer").atMost(START).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                .until(() -> {
                    if (!api.process().isAlive()) {
                        throw new AssertionError("the API exited:\n" + ChildProcesses.tail(api.output()));
                    }
                    return rollouts.send("GET", "/actuator/health", "alice", null).statusCode() == 200;
                });

        HttpResponse<String> submitted = rollouts.send("POST", "/api/v1/rollouts", "alice", """
                {"target": {"subscriptionId": "00000000-0000-0000-0000-000000000000",
                            "resourceGroup": "multi-process-rg", "scaleSet": "web"},
                 "image": {"version": "24.04.202410010"}}""");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = RolloutApi.json(submitted.body()).path("id").asText();

        // In the middle of the second wave: the first is done, the second's instances are being upgraded.
        rollouts.awaitRollout(id, ROLLOUT, "wave 1 in progress",
                r -> r.path("waves").size() == 5 && RolloutApi.inProgress(r.path("waves").get(1)));
        int exit = firstWorker.killHard();
        assertThat(exit).as("exit status of a process killed by SIGKILL (128 + 9)").isEqualTo(137);

        ChildProcesses.Child secondWorker = processes.startJar("worker", jar("worker"), List.of(), workerEnv);
        ChildProcesses.awaitOutput(secondWorker, "vmss-rollout worker polling", START);
        JsonNode done = rollouts.awaitRollout(id, ROLLOUT, "the rollout succeeds",
                r -> r.path("state").asText().equals("SUCCEEDED"));

        assertThat(done.path("waves")).hasSize(5)
                .allSatisfy(wave -> assertThat(wave.path("state").asText()).isEqualTo("SUCCEEDED"));
        HttpResponse<String> report = simulatorClient.send(HttpRequest.newBuilder(simulatorUrl.resolve(SCALE_SET + "/report"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode counts = RolloutApi.json(report.body()).path("upgradeCounts");
        assertThat(counts.size()).as("instances in the report: %s", report.body()).isEqualTo(20);
        counts.fields().forEachRemaining(count -> assertThat(count.getValue().asInt())
                .as("upgrades of instance %s (report %s)", count.getKey(), report.body()).isEqualTo(1));
        assertThat(RolloutApi.json(report.body()).path("minInService").asInt())
                .as("never more than one update domain out of service").isGreaterThanOrEqualTo(16);
        // The reliability suite's four invariants, from the rollout's rows and the simulator's report.
        java.util.Map<String, Integer> upgradeCounts = new HashMap<>();
        counts.fields().forEachRemaining(count -> upgradeCounts.put(count.getKey(), count.getValue().asInt()));
        RolloutInvariants.of(new JdbcRolloutStore(database.dataSource()).find(id).orElseThrow(),
                new RolloutInvariants.ScaleSetFacts(20, RolloutApi.json(report.body()).path("minInService").asInt(),
                        upgradeCounts)).assertHold();
    }

    /** WorkerMain's variables (README.md, "Configuration"): Temporal, PostgreSQL, and the simulator as ARM. */
    private Map<String, String> workerEnvironment(int temporalPort, int simulatorPort, Path certificate) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
        env.put("TEMPORAL_NAMESPACE", "default");
        env.put("VMSS_ROLLOUT_DB_URL", database.jdbcUrl());
        env.put("VMSS_ROLLOUT_DB_USER", database.username());
        if (database.password() != null) {
            env.put("VMSS_ROLLOUT_DB_PASSWORD", database.password());
        }
        env.put("VMSS_ROLLOUT_ARM_ENDPOINT", "https://localhost:" + simulatorPort + "/");
        env.put("VMSS_ROLLOUT_ARM_TOKEN", "multi-process-test");
        env.put("VMSS_ROLLOUT_ARM_CA_CERT", certificate.toString());
        env.put("VMSS_ROLLOUT_HEALTH_POLL_INTERVAL", "PT0.2S");
        env.put("VMSS_ROLLOUT_MAX_RETRY_AFTER", "PT2S");
        // The worker's health and metrics port: a free one, so two runs (or anything on 8081) never clash.
        env.put("VMSS_ROLLOUT_WORKER_HTTP_PORT", String.valueOf(TemporalDevServer.freePort()));
        if (!Files.isRegularFile(certificate)) {
            throw new IllegalStateException("the simulator wrote no certificate at " + certificate);
        }
        return env;
    }

    private static Path jar(String component) {
        String path = System.getProperty("vmss.jar." + component);
        if (path == null) {
            throw new IllegalStateException("system property vmss.jar." + component + " is not set: run this test "
                    + "through Maven (mvn verify), whose failsafe configuration in local/pom.xml sets it");
        }
        return Path.of(path);
    }
}
