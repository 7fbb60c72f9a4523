package dev.vmssrollout.local;

import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.RolloutWorkflowOptions;
import dev.vmssrollout.workflows.devserver.CliDevServer;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.client.WorkflowClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The deployables as operating-system processes of their own, configured as docs/configuration.md documents:
 * the simulator jar, the Temporal dev server (the local jar's {@code temporal-server}) and the worker jar's
 * environment. The jars are those the reactor built; failsafe (local/pom.xml) names them in system properties.
 */
final class Deployables {

    /** @param temporal the local jar's Temporal dev server, or null when the test runs its own */
    record Started(ChildProcesses.Child simulator, ChildProcesses.Child temporal, Path certificate) {
    }

    /** A scenario over processes of its own and a database of its own. */
    interface Scenario {
        void run(ChildProcesses processes, TestDatabase database) throws Exception;
    }

    /** Runs {@code scenario}, adding the end of every process's log to a failure, and stops everything after. */
    static void run(String logDirectory, Scenario scenario) throws Exception {
        try (ChildProcesses processes = new ChildProcesses(Path.of("target", logDirectory));
             TestDatabase database = TestDatabase.migrated()) {
            try {
                scenario.run(processes, database);
            } catch (Throwable failure) {
                failure.addSuppressed(new AssertionError("logs of the processes:" + processes.tails()));
                throw failure;
            }
        }
    }

    /** Submits a rollout as the API does: the row first, then the workflow. Returns its ID. */
    static String submit(JdbcRolloutStore store, WorkflowClient client, RolloutPlan plan, String submitter) {
        String id = UUID.randomUUID().toString();
        RolloutPlan complete = plan.withDefaults();
        store.create(new NewRollout(id, complete, submitter, null, Instant.now()));
        RolloutWorkflow workflow = client.newWorkflowStub(RolloutWorkflow.class,
                RolloutWorkflowOptions.forRollout(id, complete, false));
        WorkflowClient.start(workflow::run, new RolloutInput(id, complete, submitter, true, false, null, null,
                store.issueClaimToken(id)));
        return id;
    }

    private Deployables() {
    }

    /** Starts the simulator alone (a test that runs its own Temporal) and returns once it serves. */
    static Started simulatorAlone(ChildProcesses processes, int simulatorPort, Path simulatorData, Duration deadline) {
        ChildProcesses.Child simulator = processes.startJar("simulator", jar("simulator"),
                List.of("--port", String.valueOf(simulatorPort), "--data", simulatorData.toString()), Map.of());
        ChildProcesses.awaitOutput(simulator, "vmss-simulator serving ARM", deadline);
        return new Started(simulator, null, certificateOf(simulatorData));
    }

    /** Starts the simulator and the Temporal dev server side by side and returns once both serve. */
    static Started simulatorAndTemporal(ChildProcesses processes, int simulatorPort, Path simulatorData,
                                        int temporalPort, Duration deadline) {
        ChildProcesses.Child simulator = processes.startJar("simulator", jar("simulator"),
                List.of("--port", String.valueOf(simulatorPort), "--data", simulatorData.toString()), Map.of());
        ChildProcesses.Child temporal = processes.startJar("temporal", jar("local"),
                List.of("temporal-server", "--port", String.valueOf(temporalPort)), Map.of());
        ChildProcesses.awaitOutput(simulator, "vmss-simulator serving ARM", deadline);
        ChildProcesses.awaitOutput(temporal, "Temporal dev server", deadline);
        return new Started(simulator, temporal, certificateOf(simulatorData));
    }

    /**
     * {@code temporal server start-dev} as the local stack runs it (SQLite under {@code work/temporal}, no UI), for a
     * benchmark that measures on the real server; {@code who} names the test in the message when the CLI is missing.
     */
    static CliDevServer realTemporal(Path work, int port, String who) {
        Path cli = TestTemporal.cliOrFallback().orElseThrow(() -> new IllegalStateException(
                who + " needs the Temporal CLI (./scripts/install-temporal-cli.sh)"));
        return CliDevServer.start(cli, new CliDevServer.Settings("127.0.0.1", port, -1,
                work.resolve("temporal/temporal.db"), "default", work.resolve("temporal/temporal.log")));
    }

    /** The CPU time a process has used so far. */
    static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow();
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Path certificateOf(Path simulatorData) {
        Path certificate = simulatorData.resolve("simulator-cert.pem");
        if (!Files.isRegularFile(certificate)) {
            throw new IllegalStateException("the simulator wrote no certificate at " + certificate);
        }
        return certificate;
    }

    /** WorkerMain's variables for Temporal, PostgreSQL, the simulator as ARM and a free health and metrics port. */
    static Map<String, String> workerEnvironment(TestDatabase database, int temporalPort, int simulatorPort,
                                                 Path certificate, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
        env.put("TEMPORAL_NAMESPACE", "default");
        env.put("VMSS_ROLLOUT_DB_URL", database.jdbcUrl());
        env.put("VMSS_ROLLOUT_DB_USER", database.username());
        if (database.password() != null) {
            env.put("VMSS_ROLLOUT_DB_PASSWORD", database.password());
        }
        env.put("VMSS_ROLLOUT_ARM_ENDPOINT", "https://localhost:" + simulatorPort + "/");
        env.put("VMSS_ROLLOUT_ARM_TOKEN", "simulator-accepts-any-token");
        env.put("VMSS_ROLLOUT_ARM_CA_CERT", certificate.toString());
        env.put("VMSS_ROLLOUT_WORKER_HTTP_PORT", String.valueOf(httpPort));
        return env;
    }

    static Path jar(String component) {
        String path = System.getProperty("vmss.jar." + component);
        if (path == null) {
            throw new IllegalStateException("system property vmss.jar." + component + " is not set: run this test "
                    + "through Maven (mvn verify), whose failsafe configuration in local/pom.xml sets it");
        }
        return Path.of(path);
    }
}
