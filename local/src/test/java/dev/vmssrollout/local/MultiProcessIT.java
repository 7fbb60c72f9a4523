package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.RolloutInvariants;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.workflows.devserver.CliDevServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployables as separate operating-system processes, configured by environment variables as
 * docs/configuration.md documents: the simulator jar, the real Temporal dev server ({@code temporal server start-dev}),
 * the worker jar and the API jar, on a PostgreSQL of the test's own. The worker is killed with SIGKILL while it
 * watches the second wave's health, a new worker process takes over, and the rollout completes with every instance
 * upgraded exactly once.
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

        try (CliDevServer temporal = Deployables.realTemporal(work, temporalPort, "MultiProcessIT")) {
            run(simulatorPort, temporalPort, apiPort, simulatorData);
        }
    }

    private void run(int simulatorPort, int temporalPort, int apiPort, Path simulatorData) throws Exception {
        Deployables.Started started = Deployables.simulatorAlone(processes, simulatorPort, simulatorData, START);
        Path certificate = started.certificate();
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

        Map<String, String> workerEnv = Deployables.workerEnvironment(database, temporalPort, simulatorPort,
                certificate, TemporalDevServer.freePort());
        workerEnv.put("VMSS_ROLLOUT_HEALTH_POLL_INTERVAL", "PT0.2S");
        workerEnv.put("VMSS_ROLLOUT_MAX_RETRY_AFTER", "PT2S");
        ChildProcesses.Child firstWorker = processes.startJar("worker", Deployables.jar("worker"), List.of(), workerEnv);
        ChildProcesses.Child api = processes.startJar("api", Deployables.jar("api"), List.of(), Map.of(
                "SERVER_PORT", String.valueOf(apiPort),
                "SPRING_DATASOURCE_URL", database.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password(),
                "VMSS_TEMPORAL_TARGET", "127.0.0.1:" + temporalPort,
                // alice and bob, as the local stack has them: the API ships no users.
                "SPRING_PROFILES_ACTIVE", "demo",
                // Simulated instances never crash-loop: as in the local stack, no minute of min-ready per wave,
                // which would make five waves outlast the four minutes this test gives the rollout.
                "VMSS_ROLLOUTS_DEFAULT_MIN_READY", "PT0S"));
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

        // In the middle of the second wave: the first is done, Azure accepted the second's upgrade and the worker
        // watches its instances, so the new worker retries that watch (which once taught it to wait 30 s per wave).
        rollouts.awaitRollout(id, ROLLOUT, "wave 1 verifying",
                r -> r.path("waves").size() == 5 && r.path("waves").get(1).path("state").asText().equals("VERIFYING"));
        int exit = firstWorker.killHard();
        assertThat(exit).as("exit status of a process killed by SIGKILL (128 + 9)").isEqualTo(137);

        // Recovery time: from the new worker's start to its first poll and to its first ARM call.
        ArmCallWatch nextArmCall = ArmCallWatch.start(ArmCallWatch.requestsInReport(simulatorClient,
                simulatorUrl.resolve(SCALE_SET + "/report")), ROLLOUT);
        Instant restarted = Instant.now();
        ChildProcesses.Child secondWorker = processes.startJar("worker", Deployables.jar("worker"), List.of(), workerEnv);
        ChildProcesses.awaitOutput(secondWorker, "vmss-rollout worker polling", START);
        Duration polling = Duration.between(restarted, Instant.now());
        Duration armCall = Duration.between(restarted, nextArmCall.nextCall());
        System.out.printf("[recovery] worker SIGKILLed mid-wave and restarted: polling after %.1f s, next ARM call"
                + " after %.1f s%n", polling.toMillis() / 1000.0, armCall.toMillis() / 1000.0);
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
}
