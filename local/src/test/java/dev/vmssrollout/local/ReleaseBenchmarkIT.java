package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.Timestamps;
import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.TemporalConnection;
import dev.vmssrollout.workflows.devserver.CliDevServer;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.ReleaseWorkflow;
import dev.vmssrollout.workflows.releases.ReleaseWorkflowOptions;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.vmssrollout.local.Deployables.cpu;
import static dev.vmssrollout.local.Deployables.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet release: scale sets spread over several subscriptions, in stages of equal size, rolled by one or more worker
 * processes on the real Temporal dev server against the simulator (Compute's budgets per subscription and region).
 * The release is stored and started as the API does. Prints {@code [release]} lines; BENCHMARKS.md ("Fleet
 * releases") has the figures.
 * <p>
 * {@code mvn -B -pl local -am verify -Dgroups=benchmark -DexcludedGroups=none -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ReleaseBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false}
 * with {@code -Drelease.scaleSets=200 -Drelease.instances=50 -Drelease.stages=4 -Drelease.subscriptions=10
 * -Drelease.workers=1 -Drelease.healthReadBudget=75/PT3M}.
 */
@Tag("benchmark")
class ReleaseBenchmarkIT {

    private static final int SCALE_SETS = Integer.getInteger("release.scaleSets", 200);
    private static final int INSTANCES = Integer.getInteger("release.instances", 50);
    private static final int STAGES = Integer.getInteger("release.stages", 4);
    private static final int SUBSCRIPTIONS = Integer.getInteger("release.subscriptions", 10);
    private static final int WORKERS = Integer.getInteger("release.workers", 1);
    private static final long UPGRADE_MILLIS = Long.getLong("release.upgradeMillis", 5_000);
    private static final long BOOT_MILLIS = Long.getLong("release.bootMillis", 2_000);
    private static final Duration BAKE = Duration.parse(System.getProperty("release.bake", "PT10S"));
    /** The worker's per-subscription budget for VM lists (its default, 75/PT3M, leaves Compute's other 115 to others). */
    private static final String HEALTH_READ_BUDGET = System.getProperty("release.healthReadBudget", "75/PT3M");
    private static final String REGION = "westeurope";
    private static final String RESOURCE_GROUP = "release-rg";
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void rollsAFleetReleaseStageByStage() throws Exception {
        Deployables.run("release-benchmark-it", this::run);
    }

    private void run(ChildProcesses processes, TestDatabase database) throws Exception {
        int simulatorPort = TemporalDevServer.freePort();
        int temporalPort = TemporalDevServer.freePort();
        try (CliDevServer temporal = Deployables.realTemporal(work, temporalPort, "the release benchmark")) {
            Deployables.Started started = Deployables.simulatorAlone(processes, simulatorPort, work.resolve("simulator"),
                    START);
            HttpClient https = Https.trusting(started.certificate());
            URI simulator = URI.create("https://localhost:" + simulatorPort);
            createScaleSets(https, simulator);

            List<ChildProcesses.Child> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Map<String, String> env = Deployables.workerEnvironment(database, temporalPort, simulatorPort,
                        started.certificate(), TemporalDevServer.freePort());
                env.put("VMSS_ROLLOUT_HEALTH_READ_BUDGET", HEALTH_READ_BUDGET);
                workers.add(processes.startJar("worker-" + w, Deployables.jar("worker"), List.of("-Xmx1g", "-Xms1g"),
                        List.of(), env));
            }
            for (ChildProcesses.Child worker : workers) {
                ChildProcesses.awaitOutput(worker, "vmss-rollout worker polling", START);
            }
            ProcessHandle temporalProcess = ProcessHandle.of(temporal.pid()).orElseThrow();
            ProcessHandle simulatorProcess = started.simulator().process().toHandle();
            List<Duration> workerCpuBefore = workers.stream().map(w -> cpu(w.process().toHandle())).toList();
            Duration temporalCpuBefore = cpu(temporalProcess);
            Duration simulatorCpuBefore = cpu(simulatorProcess);

            Instant start = Instant.now();
            WorkflowClient client = TemporalConnection.local("127.0.0.1:" + temporalPort).connect();
            String id = submit(database, client);
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            progress.scheduleAtFixedRate(() -> progress(database, id, start), 30, 30, TimeUnit.SECONDS);
            String state = await("the release to end").atMost(Duration.ofMinutes(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> releaseState(database, id), s -> s.equals("SUCCEEDED") || s.equals("FAILED")
                            || s.equals("PAUSED") || s.equals("ROLLED_BACK"));
            Duration wall = Duration.between(start, Instant.now());
            progress.shutdownNow();

            long upgradedOnce = 0;
            long throttled = 0;
            int belowMinimum = 0;
            long[] modelReads = new long[SUBSCRIPTIONS];
            long[] healthReads = new long[SUBSCRIPTIONS];
            for (int i = 0; i < SCALE_SETS; i++) {
                JsonNode report = RolloutApi.json(https.send(HttpRequest.newBuilder(simulator.resolve(adminPath(i)
                        + "/report")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                JsonNode requests = report.path("armRequests");
                modelReads[i % SUBSCRIPTIONS] += requests.path("GetScaleSet").asLong()
                        + requests.path("GetLatestRollingUpgrade").asLong();
                healthReads[i % SUBSCRIPTIONS] += requests.path("ListVMsInstanceView").asLong();
                for (JsonNode count : (Iterable<JsonNode>) report.path("upgradeCounts")::elements) {
                    upgradedOnce += count.asInt() == 1 ? 1 : 0;
                }
                throttled += report.path("throttled").asLong();
                // One update domain (a fifth) out at a time: fewer in service than that is a broken promise.
                belowMinimum += report.path("minInService").asInt() < INSTANCES - (INSTANCES + 4) / 5 ? 1 : 0;
            }
            double stageSeconds = 5.0 * (UPGRADE_MILLIS + BOOT_MILLIS) / 1000;
            double ideal = STAGES * stageSeconds + (STAGES - 1) * BAKE.toSeconds();
            double workerCpu = 0;
            for (int w = 0; w < WORKERS; w++) {
                workerCpu += seconds(cpu(workers.get(w).process().toHandle()).minus(workerCpuBefore.get(w)));
            }
            System.out.printf("%n[release] %d scale sets x %d instances in %d stages over %d subscriptions (%s), %d"
                            + " worker(s), waves of %d + %d ms, bake %s, Temporal: the real dev server%n", SCALE_SETS,
                    INSTANCES, STAGES, SUBSCRIPTIONS, REGION, WORKERS, UPGRADE_MILLIS, BOOT_MILLIS, BAKE);
            System.out.printf("[release] %s after %.1f s; stages' simulated upgrade time and bakes %.0f s: ratio %.3f%n",
                    state, seconds(wall), ideal, seconds(wall) / ideal);
            System.out.printf("[release] stages (first rollout stored -> last rollout ended): %s%n", stageTimes(database, id, start));
            for (String slowest : slowestOfEachStage(database, id)) {
                System.out.printf("[release] slowest rollout of its stage, %s: %s%n", slowest,
                        activityTimeline(client, slowest));
            }
            System.out.printf("[release] worker CPU %.1f s (%.2f cores over the wall), Temporal %.1f s, simulator %.1f s%n",
                    workerCpu, workerCpu / seconds(wall), seconds(cpu(temporalProcess).minus(temporalCpuBefore)),
                    seconds(cpu(simulatorProcess).minus(simulatorCpuBefore)));
            System.out.printf("[release] rollouts %s; instances upgraded exactly once %d of %d; 429s %d; scale sets below"
                    + " their minimum in service %d%n", rolloutStates(database), upgradedOnce,
                    (long) SCALE_SETS * INSTANCES, throttled, belowMinimum);

            // The workers' budgets are shared: however many workers, a subscription's reads stay within one budget.
            double windows = seconds(wall) / Duration.ofMinutes(3).toSeconds();
            System.out.printf("[release] busiest subscription: %d model reads (%.0f per 3 minutes over the wall;"
                            + " budget 120), %d VM lists with instance view (%.0f per 3 minutes; budget %s)%n",
                    java.util.Arrays.stream(modelReads).max().orElse(0),
                    java.util.Arrays.stream(modelReads).max().orElse(0) / windows,
                    java.util.Arrays.stream(healthReads).max().orElse(0),
                    java.util.Arrays.stream(healthReads).max().orElse(0) / windows, HEALTH_READ_BUDGET);

            assertThat(state).isEqualTo("SUCCEEDED");
            assertThat(upgradedOnce).isEqualTo((long) SCALE_SETS * INSTANCES);
            assertThat(belowMinimum).isZero();
        }
    }

    private void createScaleSets(HttpClient https, URI simulator) throws Exception {
        for (int i = 0; i < SCALE_SETS; i++) {
            String body = """
                    {"capacity": %d, "upgradePolicy": "Manual", "location": "%s",
                     "image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                               "version": "24.04.202409010"},
                     "upgradeMillis": %d, "bootMillis": %d}""".formatted(INSTANCES, REGION, UPGRADE_MILLIS, BOOT_MILLIS);
            HttpResponse<String> created = https.send(HttpRequest.newBuilder(simulator.resolve(adminPath(i)))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        }
    }

    /** Stored, then started, as the API does. */
    private static String submit(TestDatabase database, WorkflowClient client) {
        RolloutPlan rollout = new RolloutPlan(null, ImageChange.toVersion("24.04.202410010"), Strategy.byUpdateDomain(),
                null, new HealthPolicy(Duration.ofMinutes(20), Duration.ZERO, 0), FailurePolicy.PAUSE, false);
        List<ReleaseStage> stages = new ArrayList<>();
        int perStage = SCALE_SETS / STAGES;
        for (int s = 0; s < STAGES; s++) {
            List<ReleaseScaleSet> scaleSets = new ArrayList<>();
            for (int i = s * perStage; i < (s + 1) * perStage; i++) {
                scaleSets.add(new ReleaseScaleSet(subscription(i), RESOURCE_GROUP, name(i), REGION));
            }
            stages.add(new ReleaseStage("stage-" + (s + 1), scaleSets, perStage, BAKE));
        }
        ReleasePlan plan = new ReleasePlan(rollout, stages, false).withDefaults();
        String id = UUID.randomUUID().toString();
        new JdbcReleaseStore(database.dataSource()).create(new NewRelease(id, plan, "release-benchmark", Instant.now()));
        ReleaseInput input = new ReleaseInput(id, plan, "release-benchmark", true, false);
        WorkflowClient.start(client.newWorkflowStub(ReleaseWorkflow.class, ReleaseWorkflowOptions.forRelease(id, input))
                ::run, input);
        return id;
    }

    private static void progress(TestDatabase database, String id, Instant start) {
        try {
            System.out.printf("[release] after %d s: release %s, rollouts %s%n",
                    Duration.between(start, Instant.now()).toSeconds(), releaseState(database, id), rolloutStates(database));
        } catch (SQLException e) {
            System.out.println("[release] progress unreadable: " + e.getMessage());
        }
    }

    private static String releaseState(TestDatabase database, String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT state FROM releases WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "MISSING";
            }
        }
    }

    private static Map<String, Integer> rolloutStates(TestDatabase database) throws SQLException {
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

    /** Each stage's first rollout created and last rollout ended, in seconds after the release was submitted. */
    private static String stageTimes(TestDatabase database, String id, Instant start) throws SQLException {
        List<String> stages = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT s.stage_index, min(r.created_at), max(r.updated_at)
                     FROM release_scale_sets s JOIN rollouts r ON r.id = s.rollout_id
                     WHERE s.release_id = ? GROUP BY s.stage_index ORDER BY s.stage_index""")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant first = rows.getObject(2, java.time.OffsetDateTime.class).toInstant();
                    Instant last = rows.getObject(3, java.time.OffsetDateTime.class).toInstant();
                    stages.add("%d: %.0f-%.0f s (%.0f s)".formatted(rows.getInt(1) + 1,
                            seconds(Duration.between(start, first)), seconds(Duration.between(start, last)),
                            seconds(Duration.between(first, last))));
                }
            }
        }
        return String.join("; ", stages);
    }

    /** The rollout of each stage that ended last: where a stage's time went. */
    private static List<String> slowestOfEachStage(TestDatabase database, String id) throws SQLException {
        List<String> slowest = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT DISTINCT ON (s.stage_index) r.id FROM release_scale_sets s JOIN rollouts r ON r.id = s.rollout_id
                     WHERE s.release_id = ? ORDER BY s.stage_index, r.updated_at DESC""")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    slowest.add(rows.getString(1));
                }
            }
        }
        return slowest;
    }

    /** Each activity of the rollout's workflow: its type and when it was scheduled, started and ended (s after the start). */
    private static String activityTimeline(WorkflowClient client, String rolloutId) {
        var history = client.fetchHistory(TaskQueues.workflowId(rolloutId)).getHistory().getEventsList();
        long first = Timestamps.toMillis(history.get(0).getEventTime());
        Map<Long, String> types = new HashMap<>();
        Map<Long, Long> scheduledAt = new HashMap<>();
        Map<Long, Long> startedAt = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (var event : history) {
            long at = Timestamps.toMillis(event.getEventTime()) - first;
            if (event.hasActivityTaskScheduledEventAttributes()) {
                types.put(event.getEventId(), event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
                scheduledAt.put(event.getEventId(), at);
            } else if (event.hasActivityTaskStartedEventAttributes()) {
                startedAt.put(event.getActivityTaskStartedEventAttributes().getScheduledEventId(), at);
            } else if (event.hasActivityTaskCompletedEventAttributes()) {
                long scheduled = event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                lines.add("%s %.1f/%.1f-%.1f".formatted(types.get(scheduled), scheduledAt.get(scheduled) / 1e3,
                        startedAt.getOrDefault(scheduled, -1L) / 1e3, at / 1e3));
            } else if (event.hasActivityTaskFailedEventAttributes() || event.hasActivityTaskTimedOutEventAttributes()) {
                lines.add("FAILED/TIMED OUT at %.1f: %s".formatted(at / 1e3, event.getEventType()));
            } else if (event.hasTimerStartedEventAttributes()) {
                lines.add("timer %s at %.1f".formatted(event.getTimerStartedEventAttributes().getStartToFireTimeout()
                        .getSeconds(), at / 1e3));
            }
        }
        return String.join(", ", lines);
    }

    private static String subscription(int index) {
        return "%08d-0000-0000-0000-000000000000".formatted(index % SUBSCRIPTIONS);
    }

    private static String adminPath(int index) {
        return "/simulator/v1/subscriptions/" + subscription(index) + "/resourceGroups/" + RESOURCE_GROUP
                + "/virtualMachineScaleSets/" + name(index);
    }

    private static String name(int index) {
        return "rel-%04d".formatted(index);
    }
}
