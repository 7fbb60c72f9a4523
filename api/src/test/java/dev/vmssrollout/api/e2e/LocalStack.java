package dev.vmssrollout.api.e2e;

import dev.vmssrollout.db.JdbcCalendarStore;
import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.worker.RolloutWorker;
import dev.vmssrollout.worker.analysis.MetricAnalysis;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.worker.releases.StoreReleaseActivities;
import dev.vmssrollout.worker.windows.CalendarWindowActivities;
import dev.vmssrollout.workflows.TemporalConnection;
import dev.vmssrollout.workflows.devserver.CliDevServer;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.testserver.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything but the API, in this JVM, once for all end-to-end tests: PostgreSQL (embedded, or
 * VMSS_TEST_DATABASE_URL), the simulator, Temporal on a fixed free port (so it can be replaced by a fresh one to
 * simulate losing Temporal) and the real worker. Temporal is the real dev server ({@code temporal server start-dev},
 * SQLite in a temporary directory, the Web UI on a free port, the search attributes registered) when the CLI is
 * installed, else the Java SDK's test server; in CI a missing CLI fails the tests ({@link TestTemporal#cliOrFallback()}).
 */
public final class LocalStack {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    public static final String RESOURCE_GROUP = "e2e-rg";
    static final OsImage IMAGE = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");

    private static LocalStack instance;

    public final TestDatabase database;
    public final Simulator simulator;
    final int temporalPort;
    public final WorkflowClient client;
    private final AzureSettings azure;
    private final Optional<Path> cli;
    private TestServer.PortBoundTestServer temporal;
    private CliDevServer devServer;
    private RolloutWorker worker;

    private LocalStack() throws IOException {
        database = TestDatabase.create();
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        temporalPort = freePort();
        cli = TestTemporal.cliOrFallback();
        if (cli.isPresent()) {
            Path dir = Files.createTempDirectory("e2e-temporal");
            devServer = CliDevServer.start(cli.get(), new CliDevServer.Settings("127.0.0.1", temporalPort, 0,
                    dir.resolve("temporal.db"), "default", dir.resolve("temporal.log")));
        } else {
            temporal = TestServer.createPortBoundServer(temporalPort, true);
        }
        client = TemporalConnection.local("127.0.0.1:" + temporalPort).connect();
        azure = AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                Duration.ofMillis(50));
        startWorker();
    }

    private void startWorker() {
        JdbcRolloutStore rollouts = new JdbcRolloutStore(database.dataSource());
        ComputeClients compute = new ComputeClients(azure);
        worker = RolloutWorker.start(client, new AzureScaleSetActivities(compute),
                new StoreProgressActivities(rollouts),
                WebhookNotificationActivities.disabled(),
                new CalendarWindowActivities(new JdbcCalendarStore(database.dataSource())),
                // The provider azure-monitor reads the simulator's Azure Monitor metrics, as in the local stack.
                MetricAnalysis.activities(MetricAnalysis.DEFAULT_AZURE_MONITOR, compute, database.dataSource()),
                // Releases too, so that the release reconciler's tests run them as the local stack does.
                new StoreReleaseActivities(new JdbcReleaseStore(database.dataSource()), rollouts, client,
                        Clock.systemUTC()),
                RolloutWorker.WorkerTuning.defaults());
    }

    public static synchronized LocalStack get() {
        if (instance == null) {
            try {
                instance = new LocalStack();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-stack-stop"));
        }
        return instance;
    }

    /** A new scale set of {@code capacity} instances over update and fault domains 0-4, policy Manual. */
    public ScaleSetKey scaleSet(String name, int capacity, long upgradeMillis, long bootMillis) {
        ScaleSetKey key = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, name);
        simulator.createScaleSet(key, ScaleSetSpec.builder().capacity(capacity).image(IMAGE)
                .upgradeMillis(upgradeMillis).bootMillis(bootMillis).build());
        return key;
    }

    public ScaleSetReport report(ScaleSetKey key) {
        return simulator.report(key);
    }

    /** Whether Temporal is the real dev server (visibility, search attributes, the Web UI). */
    public boolean realTemporal() {
        return devServer != null;
    }

    /** The real dev server's Web UI, {@code http://localhost:PORT}. */
    public String temporalUiUrl() {
        if (devServer == null) {
            throw new IllegalStateException("the Java test server has no Web UI");
        }
        return devServer.uiUrl();
    }

    /**
     * Temporal loses everything: the server stops and a fresh, empty one takes its port (the real dev server's
     * SQLite file is deleted, as after a lost disk).
     */
    public synchronized void replaceTemporal() {
        replaceTemporalWith(false);
    }

    /** The real dev server stops and starts again on its SQLite file: every workflow is still there. */
    public synchronized void restartTemporalKeepingItsDatabase() {
        if (devServer == null) {
            throw new IllegalStateException("the Java test server keeps nothing across a restart");
        }
        replaceTemporalWith(true);
    }

    private void replaceTemporalWith(boolean keepDatabase) {
        if (devServer != null) {
            devServer = devServer.restart(keepDatabase);
        } else {
            temporal.close();
            temporal = TestServer.createPortBoundServer(temporalPort, true);
        }
        awaitTemporal();
    }

    /**
     * Everything but PostgreSQL and the simulator goes down at once and comes back: the worker dies, Temporal loses
     * every workflow, then a fresh Temporal and a new worker start on the same ports. The database and the scale
     * sets are what survives, as after a restart of the whole local stack.
     */
    public synchronized void restartAllButTheDatabase() {
        worker.kill();
        replaceTemporalWith(false);
        awaitTemporal();
        startWorker();
    }

    /** The client's channel saw the old server go away and backs off; the first calls after a restart may fail. */
    public void awaitTemporal() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                client.getWorkflowServiceStubs().blockingStub().getSystemInfo(
                        io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
                return;
            } catch (io.grpc.StatusRuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The worker dies as in a crash, and a new one starts. */
    public synchronized void restartWorker() {
        worker.kill();
        startWorker();
    }

    private synchronized void stop() {
        worker.kill();
        if (devServer != null) {
            devServer.close();
        } else {
            temporal.close();
        }
        simulator.close();
        database.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
