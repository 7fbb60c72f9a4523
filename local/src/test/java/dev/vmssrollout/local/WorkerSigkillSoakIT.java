package dev.vmssrollout.local;

import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.RolloutInvariants;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import dev.vmssrollout.workflows.TemporalConnection;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker jar SIGKILLed at seeded points, at least ten times, while four rollouts run side by side: inside a
 * wave's manualupgrade (every ARM call takes 150 ms) or inside its health wait, each kill followed at once by a new
 * worker process. After a kill, Temporal hands the cut-short activity out again once its 30 s heartbeat timeout has
 * passed, so every kill costs up to half a minute: this is the soak variant (tag {@code soak}), the default suite's
 * {@code WorkerKillTest} kills in-process. Every rollout must succeed with the reliability invariants holding.
 * {@code -Dreliability.seed=N} repeats a run.
 * <p>
 * {@code mvn -B -pl local -am verify -Dgroups=soak -DexcludedGroups=benchmark -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=WorkerSigkillSoakIT -Dfailsafe.failIfNoSpecifiedTests=false}
 */
@Tag("soak")
class WorkerSigkillSoakIT {

    private static final int KILLS = 10;
    private static final int ROLLOUTS = 4;
    private static final int CAPACITY = 20;
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final String RESOURCE_GROUP = "sigkill-rg";
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void fourRolloutsSurviveTenSigkillsOfTheWorkerProcess() throws Exception {
        Deployables.run("worker-sigkill-it", this::run);
    }

    private void run(ChildProcesses processes, TestDatabase database) throws Exception {
        long seed = Long.getLong("reliability.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        System.out.println("[reliability] seed " + seed + " (repeat with -Dreliability.seed=" + seed + ")");
        Instant begin = Instant.now();
        int simulatorPort = TemporalDevServer.freePort();
        int temporalPort = TemporalDevServer.freePort();
        Deployables.Started started = Deployables.simulatorAndTemporal(processes, simulatorPort,
                work.resolve("simulator"), temporalPort, START);
        HttpClient https = Https.trusting(started.certificate());
        URI simulator = URI.create("https://localhost:" + simulatorPort);
        JdbcRolloutStore store = new JdbcRolloutStore(database.dataSource());
        WorkflowClient client = TemporalConnection.local("127.0.0.1:" + temporalPort).connect();
        Map<String, String> env = Deployables.workerEnvironment(database, temporalPort, simulatorPort,
                started.certificate(), TemporalDevServer.freePort());
        env.put("VMSS_ROLLOUT_HEALTH_POLL_INTERVAL", "PT0.2S");
        env.put("VMSS_ROLLOUT_MAX_RETRY_AFTER", "PT2S");

        ChildProcesses.Child worker = startWorker(processes, env);
        Map<String, String> rollouts = new TreeMap<>();
        for (int i = 0; i < ROLLOUTS; i++) {
            String name = "sigkill-" + i;
            createScaleSet(https, simulator, name);
            rollouts.put(submit(store, client, name), name);
        }

        Map<String, Integer> killsInside = new TreeMap<>();
        List<Duration> downtimes = new ArrayList<>();
        while (killsInside.values().stream().mapToInt(Integer::intValue).sum() < KILLS) {
            boolean insideUpgrade = random.nextBoolean();
            WaveState phase = insideUpgrade ? WaveState.UPGRADING : WaveState.VERIFYING;
            Optional<String> progress = await("a wave " + phase).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> waveIn(store, rollouts.keySet(), phase),
                            found -> found.isPresent() || allEnded(store, rollouts.keySet()));
            if (progress.isEmpty()) {
                break; // every rollout ended before ten kills: fail below
            }
            Thread.sleep(insideUpgrade ? random.nextInt(100) : random.nextInt(1_500)); // the seeded kill point
            String cut = inFlight(store, rollouts.keySet());
            Instant killed = Instant.now();
            assertThat(worker.killHard()).as("exit status after SIGKILL").isEqualTo(137);
            killsInside.merge(cut, 1, Integer::sum);
            worker = startWorker(processes, env);
            downtimes.add(Duration.between(killed, Instant.now()));
            // The next kill waits for the rollouts to move on, so that each lands on new work.
            Map<String, String> before = waveStates(store, rollouts.keySet());
            await("the rollouts to move on after kill " + downtimes.size()).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !waveStates(store, rollouts.keySet()).equals(before));
        }

        for (String id : rollouts.keySet()) {
            await("rollout " + id + " to succeed").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> store.find(id).orElseThrow().state() == RolloutState.SUCCEEDED);
            RolloutInvariants.of(store.find(id).orElseThrow(), facts(https, simulator, rollouts.get(id))).assertHold();
        }
        int kills = killsInside.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("[reliability] worker SIGKILLs: seed " + seed + ", " + kills + " SIGKILLs of the worker"
                + " process survived over " + ROLLOUTS + " rollouts, kills landed while " + killsInside
                + ", new worker polling after " + downtimes.stream().mapToLong(Duration::toMillis).max().orElse(0)
                + " ms at most, " + ROLLOUTS + " rollouts SUCCEEDED, invariant violations 0, "
                + Duration.between(begin, Instant.now()).toSeconds() + " s");
        assertThat(kills).isGreaterThanOrEqualTo(KILLS);
    }

    private static ChildProcesses.Child startWorker(ChildProcesses processes, Map<String, String> env) {
        ChildProcesses.Child worker = processes.startJar("worker", Deployables.jar("worker"), List.of(), env);
        ChildProcesses.awaitOutput(worker, "vmss-rollout worker polling", START);
        return worker;
    }

    /** A rollout with a wave in {@code phase}, or empty. */
    private static Optional<String> waveIn(JdbcRolloutStore store, Iterable<String> ids, WaveState phase) {
        for (String id : ids) {
            RolloutDetails rollout = store.find(id).orElseThrow();
            if (rollout.waves().stream().anyMatch(w -> w.state() == phase)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** What the kill cut short, from the database at the moment of the kill. */
    private static String inFlight(JdbcRolloutStore store, Iterable<String> ids) {
        boolean upgrading = false;
        boolean verifying = false;
        for (String id : ids) {
            for (WaveDetails wave : store.find(id).orElseThrow().waves()) {
                upgrading |= wave.state() == WaveState.UPGRADING;
                verifying |= wave.state() == WaveState.VERIFYING;
            }
        }
        return upgrading ? "a wave's manualupgrade was in flight" : verifying ? "health waits ran" : "between activities";
    }

    private static Map<String, String> waveStates(JdbcRolloutStore store, Iterable<String> ids) {
        Map<String, String> states = new HashMap<>();
        for (String id : ids) {
            RolloutDetails rollout = store.find(id).orElseThrow();
            states.put(id, rollout.state() + " " + rollout.waves().stream().map(w -> w.state().name()).toList());
        }
        return states;
    }

    private static boolean allEnded(JdbcRolloutStore store, Iterable<String> ids) {
        for (String id : ids) {
            if (!store.find(id).orElseThrow().state().isTerminal()) {
                return false;
            }
        }
        return true;
    }

    private static void createScaleSet(HttpClient https, URI simulator, String name) throws Exception {
        URI scaleSet = simulator.resolve(path(name));
        HttpResponse<String> created = https.send(HttpRequest.newBuilder(scaleSet).PUT(HttpRequest.BodyPublishers.ofString("""
                {"capacity": %d, "upgradePolicy": "Manual",
                 "image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                           "version": "24.04.202409010"},
                 "upgradeMillis": 1500, "bootMillis": 500}""".formatted(CAPACITY)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        HttpResponse<String> faults = https.send(HttpRequest.newBuilder(URI.create(scaleSet + "/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"latencyMillis\": 150}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(faults.statusCode()).as(faults.body()).isBetween(200, 204);
    }

    /** Batches of 2: ten waves each. */
    private static String submit(JdbcRolloutStore store, WorkflowClient client, String scaleSet) {
        return Deployables.submit(store, client, new RolloutPlan(new ScaleSetRef(SUBSCRIPTION, RESOURCE_GROUP, scaleSet),
                ImageChange.toVersion("24.04.202410010"), Strategy.of(StrategyMode.BATCH).withBatchSize(2),
                ApprovalMode.NONE, new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0), FailurePolicy.PAUSE,
                false), "sigkill-soak");
    }

    private static RolloutInvariants.ScaleSetFacts facts(HttpClient https, URI simulator, String name) throws Exception {
        HttpResponse<String> report = https.send(HttpRequest.newBuilder(simulator.resolve(path(name) + "/report"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        var json = RolloutApi.json(report.body());
        Map<String, Integer> counts = new HashMap<>();
        json.path("upgradeCounts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return new RolloutInvariants.ScaleSetFacts(json.path("capacity").asInt(), json.path("minInService").asInt(),
                counts);
    }

    private static String path(String name) {
        return "/simulator/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                + "/virtualMachineScaleSets/" + name;
    }
}
