package dev.vmssrollout.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.RolloutInvariants;
import dev.vmssrollout.db.testing.RolloutInvariants.ScaleSetFacts;
import dev.vmssrollout.local.ArmCallWatch;
import dev.vmssrollout.local.ChildProcesses;
import dev.vmssrollout.local.Https;
import dev.vmssrollout.local.RolloutApi;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.workflows.testing.TestTemporal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole local stack (one JVM with the API, worker and simulator, the real Temporal dev server on its SQLite file
 * and the embedded PostgreSQL it starts as children), killed with SIGKILL in the middle of rollouts and started again
 * on the same data directory and ports, as a person would after a crash. The first kill leaves the dev server running
 * without its stack (the restart must stop that orphan and start its own on the same file); the second kills
 * PostgreSQL and the dev server hard too, so both restart through crash recovery. Temporal keeps every workflow, so
 * the rollouts carry on in Temporal itself and nothing is RECOVERED: the rollout that waited for approval and the one
 * paused by an operator are found where they waited, with not one event more, and all three end as if nothing had
 * happened (the four invariants: no instance upgraded twice, none missed, capacity kept, waves in order). A release
 * of two stages runs beside them: its canary stage or bake is at work when the first kill comes, its second stage
 * waits for approval until after the kills, and it ends SUCCEEDED with the rollouts it started and the invariants
 * holding for both of its scale sets.
 * <p>
 * The Java test server's path, where Temporal forgets everything and the reconciler restarts each rollout from
 * PostgreSQL, is {@code RestartTest.aRolloutStoppedMidWaveCarriesOnAfterARestart} for the whole stack and the api
 * module's {@code ReconcilerEndToEndTest} and {@code ReconcilerTest} for the reconciler. Skipped without the Temporal
 * CLI, failed in CI.
 * <p>
 * A failsafe test ({@code *IT}), run by {@code mvn verify} after the local jar is packaged. The multi-process
 * SIGKILL of the worker alone is {@code MultiProcessIT}; in-process kills at seeded points are the worker module's
 * {@code WorkerKillTest}.
 */
class WholeStackKillIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration ROLLOUT = Duration.ofSeconds(240);
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final String RESOURCE_GROUP = "kill-rg";

    /** When to kill: a condition on the interrupted rollout, and whether PostgreSQL and Temporal die with the stack. */
    private record Kill(String name, Predicate<JsonNode> when, boolean serversToo) {
    }

    @TempDir
    Path data;

    private ChildProcesses processes;
    private final List<String> arguments = new ArrayList<>();
    private ChildProcesses.Child stack;
    private final List<Duration> startups = new ArrayList<>();
    private final List<Duration> nextArmCalls = new ArrayList<>();
    private final List<ProcessHandle> orphanedTemporal = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        TestTemporal.assumeReal(TestTemporal.cliInstalled());
        processes = new ChildProcesses(Path.of("target", "whole-stack-kill-it"));
        arguments.addAll(List.of("--api-port", port(), "--temporal-port", port(), "--simulator-port", port(),
                "--postgres-port", port(), "--temporal-ui-port", port(), "--data", data.toString(),
                // The local stack's default when the CLI is installed, insisted on: a fallback would prove nothing here.
                "--temporal", "cli"));
    }

    @AfterEach
    void tearDown() {
        processes.close();
        // A postmaster left by the last kill must not outlive the test.
        postmaster().ifPresent(ProcessHandle::destroyForcibly);
        orphanedTemporal.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void rolloutsCarryOnAfterTheWholeStackIsKilledTwiceOnceWithPostgres() throws Exception {
        survive(List.of(
                new Kill("wave 2 in flight", rollout -> RolloutApi.inProgress(rollout.path("waves").get(1)), false),
                new Kill("wave 4 in its health wait, PostgreSQL and Temporal killed too",
                        rollout -> "VERIFYING".equals(rollout.path("waves").get(3).path("state").asText()), true)));
    }

    @Test
    @Tag("soak")
    void rolloutsCarryOnAfterTheWholeStackIsKilledFiveTimes() throws Exception {
        List<Kill> kills = new ArrayList<>();
        for (int wave = 0; wave < 5; wave++) {
            int index = wave;
            kills.add(new Kill("wave " + (wave + 1) + " in flight", rollout -> RolloutApi.inProgress(rollout.path("waves")
                    .get(index)), wave % 2 == 1));
        }
        survive(kills);
    }

    private void survive(List<Kill> kills) throws Exception {
        try {
            run(kills);
        } catch (Throwable failure) {
            failure.addSuppressed(new AssertionError("logs of the processes:" + processes.tails()));
            throw failure;
        }
    }

    private void run(List<Kill> kills) throws Exception {
        Instant begin = Instant.now();
        start();
        createScaleSet("kill-web", 20, 1_500, 500);
        createScaleSet("kill-canary", 10, 100, 50);
        createScaleSet("kill-paused", 10, 100, 50);
        createScaleSet("kill-release-canary", 10, 500, 200);
        createScaleSet("kill-release-rest", 10, 100, 50);
        RolloutApi api = api();
        String release = submitRelease(api);
        String waves = submit(api, "kill-web", "");
        String canary = submit(api, "kill-canary", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}");
        String paused = submit(api, "kill-paused", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}");
        api.awaitRollout(canary, ROLLOUT, "the canary waits for approval",
                r -> r.path("state").asText().equals("WAITING_FOR_APPROVAL"));
        api.awaitRollout(paused, ROLLOUT, "the other canary waits for approval",
                r -> r.path("state").asText().equals("WAITING_FOR_APPROVAL"));
        HttpResponse<String> pause = api.send("POST", "/api/v1/rollouts/" + paused + "/pause", "bob", null);
        assertThat(pause.statusCode()).as(pause.body()).isEqualTo(202);
        api.awaitRollout(paused, ROLLOUT, "paused by an operator", r -> r.path("state").asText().equals("PAUSED"));

        List<String> releaseAtKills = new ArrayList<>();
        String releaseCanaryRollout = null;
        for (Kill kill : kills) {
            api().awaitRollout(waves, ROLLOUT, kill.name(), r -> r.path("waves").size() == 5 && kill.when().test(r));
            List<String> canaryEvents = events(api(), canary);
            List<String> pausedEvents = events(api(), paused);
            JsonNode releaseBefore = api().awaitRelease(release, ROLLOUT, "release " + release, r -> true);
            releaseAtKills.add(releaseBefore.path("state").asText() + " (" + releaseBefore.path("reason").asText() + ")");
            releaseCanaryRollout = releaseCanaryRollout != null ? releaseCanaryRollout
                    : releaseBefore.at("/stages/0/scaleSets/0/rolloutId").asText(null);
            killStack(kill.serversToo());
            ArmCallWatch nextArmCall = ArmCallWatch.start(ArmCallWatch.requestsInReport(simulator(),
                    URI.create(simulatorUri("kill-web") + "/report")), ROLLOUT);
            Instant restarted = Instant.now();
            start();
            nextArmCalls.add(Duration.between(restarted, nextArmCall.nextCall()));
            // The interrupted rollout moves again, so the worker runs; the two waits are where they were.
            assertStillWaiting(api(), canary, "WAITING_FOR_APPROVAL", canaryEvents);
            assertStillWaiting(api(), paused, "PAUSED", pausedEvents);
        }

        api = api();
        assertThat(releaseAtKills.get(0)).as("the release was at work (stage 1 or its bake) when the first kill came")
                .startsWith("RUNNING");
        HttpResponse<String> resume = api.send("POST", "/api/v1/rollouts/" + paused + "/resume", "bob", null);
        assertThat(resume.statusCode()).as(resume.body()).isEqualTo(202);
        for (String id : List.of(canary, paused)) {
            approveCanary(api, id);
        }
        api.awaitRelease(release, ROLLOUT, "stage 2 waits for approval",
                r -> r.path("state").asText().equals("WAITING_FOR_APPROVAL"));
        HttpResponse<String> approveStage = api.send("POST", "/api/v1/releases/" + release + "/approve", "bob",
                "{\"stage\": 2}");
        assertThat(approveStage.statusCode()).as(approveStage.body()).isEqualTo(202);
        for (String id : List.of(waves, canary, paused)) {
            api.awaitRollout(id, ROLLOUT, "rollout " + id + " succeeds", r -> r.path("state").asText().equals("SUCCEEDED"));
        }

        JsonNode releaseDone = api.awaitRelease(release, ROLLOUT, "the release ends",
                r -> List.of("SUCCEEDED", "FAILED", "ROLLED_BACK").contains(r.path("state").asText()));
        assertThat(releaseDone.path("state").asText()).as(releaseDone.path("reason").asText()).isEqualTo("SUCCEEDED");
        assertThat(releaseDone.at("/stages/0/scaleSets/0/rolloutId").asText())
                .as("the release followed the rollout it had started: none started twice").isEqualTo(releaseCanaryRollout);

        RolloutDetails interrupted = invariants(waves, "kill-web");
        RolloutDetails waited = invariants(canary, "kill-canary");
        RolloutDetails pausedThrough = invariants(paused, "kill-paused");
        RolloutDetails releaseCanary = invariants(releaseCanaryRollout, "kill-release-canary");
        RolloutDetails releaseRest = invariants(releaseDone.at("/stages/1/scaleSets/0/rolloutId").asText(),
                "kill-release-rest");
        for (RolloutDetails rollout : List.of(interrupted, waited, pausedThrough, releaseCanary, releaseRest)) {
            assertThat(rollout.events()).as("Temporal kept rollout %s's workflow: nothing to recover", rollout.id())
                    .noneMatch(e -> e.type().name().equals("RECOVERED"));
        }
        System.out.println("[reliability] whole local stack on the real Temporal dev server: " + kills.size()
                + " SIGKILLs survived (" + kills.stream().filter(Kill::serversToo).count()
                + " with PostgreSQL and Temporal), 0 RECOVERED, restarts ready after "
                + seconds(startups) + ", the interrupted rollout's next ARM call after " + seconds(nextArmCalls)
                + " (from the restart), 3 rollouts SUCCEEDED (one "
                + "interrupted mid-wave, " + interrupted.events().size() + " events; one waiting for approval, "
                + waited.events().size() + " events; one paused by an operator), a 2-stage release SUCCEEDED (at the "
                + "kills: " + releaseAtKills + "), invariant violations 0, "
                + Duration.between(begin, Instant.now()).toSeconds() + " s in all");
    }

    // ---- the stack

    private void start() {
        Instant started = Instant.now();
        stack = processes.startJar("local", jar(), arguments, Map.of());
        ChildProcesses.awaitOutput(stack, "vmss-rollout local stack ready", START);
        startups.add(Duration.between(started, Instant.now()));
    }

    /**
     * SIGKILL of the stack's JVM; with {@code serversToo}, of the PostgreSQL and the Temporal dev server it left running
     * as well. Without, the dev server lives on as an orphan, which the next start must stop.
     */
    private void killStack(boolean serversToo) throws Exception {
        List<ProcessHandle> temporal = stack.process().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("temporal")).toList();
        assertThat(temporal).as("the stack's Temporal dev server").hasSize(1);
        int exit = stack.killHard();
        assertThat(exit).as("exit status of a process killed by SIGKILL").isEqualTo(137);
        if (!serversToo) {
            orphanedTemporal.addAll(temporal);
            return;
        }
        temporal.get(0).destroyForcibly();
        temporal.get(0).onExit().get();
        ProcessHandle postmaster = postmaster().orElseThrow(() ->
                new AssertionError("no PostgreSQL found running in " + data.resolve("postgres")));
        postmaster.destroyForcibly();
        postmaster.onExit().get();
    }

    private java.util.Optional<ProcessHandle> postmaster() {
        try {
            Path pid = data.resolve("postgres").resolve("postmaster.pid");
            if (!Files.exists(pid)) {
                return java.util.Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private RolloutApi api() {
        return new RolloutApi(URI.create("http://localhost:" + argument("--api-port")));
    }

    private static String submit(RolloutApi api, String scaleSet, String extra) {
        HttpResponse<String> submitted = api.send("POST", "/api/v1/rollouts", "alice", """
                {"target": {"subscriptionId": "%s", "resourceGroup": "%s", "scaleSet": "%s"},
                 "image": {"version": "24.04.202410010"}%s}""".formatted(SUBSCRIPTION, RESOURCE_GROUP, scaleSet, extra));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        return RolloutApi.json(submitted.body()).path("id").asText();
    }

    /** Stage 1, one scale set, then a bake; stage 2 after bob approves, once the kills are over. */
    private static String submitRelease(RolloutApi api) {
        HttpResponse<String> submitted = api.send("POST", "/api/v1/releases", "alice", """
                {"image": {"version": "24.04.202410010"},
                 "stages": [
                   {"name": "canary", "maxConcurrent": 1, "bakeTime": "PT30S", "scaleSets": [%s]},
                   {"name": "rest", "maxConcurrent": 1, "approvalRequired": true, "scaleSets": [%s]}]}"""
                .formatted(releaseScaleSet("kill-release-canary"), releaseScaleSet("kill-release-rest")));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        return RolloutApi.json(submitted.body()).path("id").asText();
    }

    private static String releaseScaleSet(String name) {
        return """
                {"subscriptionId": "%s", "resourceGroup": "%s", "scaleSet": "%s", "region": "westeurope"}"""
                .formatted(SUBSCRIPTION, RESOURCE_GROUP, name);
    }

    /** Approves both gated waves of a FIRST_WAVE rollout as they come up. */
    private static void approveCanary(RolloutApi api, String id) {
        for (int wave = 0; wave < 2; wave++) {
            int waiting = wave;
            api.awaitRollout(id, ROLLOUT, "wave " + wave + " of " + id + " waiting",
                    r -> r.path("waitingForApprovalWave").asInt(-1) == waiting);
            HttpResponse<String> approved = api.send("POST", "/api/v1/rollouts/" + id + "/approve", "bob", null);
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
        }
    }

    private static List<String> events(RolloutApi api, String id) {
        return api.awaitRollout(id, ROLLOUT, "rollout " + id, r -> true).path("events").findValuesAsText("type");
    }

    /** The rollout is in the same wait, with the same events: the workflow carried on, nothing re-entered the wait. */
    private static void assertStillWaiting(RolloutApi api, String id, String state, List<String> eventsBefore) {
        JsonNode rollout = api.awaitRollout(id, ROLLOUT, "rollout " + id, r -> true);
        assertThat(rollout.path("state").asText()).as("rollout %s after the restart", id).isEqualTo(state);
        assertThat(rollout.path("events").findValuesAsText("type")).as("events of rollout %s", id)
                .isEqualTo(eventsBefore);
    }

    // ---- the simulator and the database, read directly for the invariants

    private void createScaleSet(String name, int capacity, long upgradeMillis, long bootMillis) throws Exception {
        HttpResponse<String> created = simulator().send(HttpRequest.newBuilder(simulatorUri(name))
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"capacity": %d, "upgradePolicy": "Manual",
                         "image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                                   "version": "24.04.202409010"},
                         "upgradeMillis": %d, "bootMillis": %d}""".formatted(capacity, upgradeMillis, bootMillis)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
    }

    private RolloutDetails invariants(String rolloutId, String scaleSet) throws Exception {
        HttpResponse<String> response = simulator().send(HttpRequest.newBuilder(URI.create(simulatorUri(scaleSet) + "/report"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = RolloutApi.json(response.body());
        Map<String, Integer> counts = new HashMap<>();
        report.path("upgradeCounts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL("jdbc:postgresql://localhost:" + argument("--postgres-port") + "/vmss_rollout?user=postgres");
        database.setPassword(Files.readString(Path.of(argument("--data"), "postgres-password")).strip());
        RolloutDetails rollout = new JdbcRolloutStore(database).find(rolloutId).orElseThrow();
        RolloutInvariants.of(rollout, new ScaleSetFacts(report.path("capacity").asInt(),
                report.path("minInService").asInt(), counts)).assertHold();
        return rollout;
    }

    private static List<String> seconds(List<Duration> durations) {
        return durations.stream().map(d -> d.toMillis() / 100 / 10.0 + " s").toList();
    }

    private HttpClient simulator() {
        return Https.trusting(data.resolve("simulator").resolve("simulator-cert.pem"));
    }

    private URI simulatorUri(String name) {
        return URI.create("https://localhost:" + argument("--simulator-port") + "/simulator/v1/subscriptions/"
                + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP + "/virtualMachineScaleSets/" + name);
    }

    private String argument(String flag) {
        return arguments.get(arguments.indexOf(flag) + 1);
    }

    private static Path jar() {
        String path = System.getProperty("vmss.jar.local");
        if (path == null) {
            throw new IllegalStateException("system property vmss.jar.local is not set: run this test through Maven "
                    + "(mvn verify), whose failsafe configuration in local/pom.xml sets it");
        }
        return Path.of(path);
    }

    private static String port() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return String.valueOf(socket.getLocalPort());
        }
    }
}
