package dev.vmssrollout.local;

import dev.vmssrollout.api.ApiApplication;
import dev.vmssrollout.db.JdbcCalendarStore;
import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.JdbcTokenBuckets;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.worker.RolloutWorker;
import dev.vmssrollout.worker.analysis.MetricAnalysis;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.azure.FallbackTokenBuckets;
import dev.vmssrollout.worker.metrics.WorkerMeters;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.worker.releases.StoreReleaseActivities;
import dev.vmssrollout.worker.windows.CalendarWindowActivities;
import dev.vmssrollout.workflows.TemporalConnection;
import io.micrometer.core.instrument.Metrics;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The whole product in one JVM: embedded PostgreSQL, Temporal (the real dev server when the Temporal CLI is installed,
 * else the Java SDK's test server), the ARM simulator with the demo
 * scale set, the worker and the API with its dashboard. PostgreSQL, Temporal and the simulator start side by side
 * while Spring builds the API, which waits for them only where it needs them; the worker starts as soon as its
 * three dependencies are up. {@link #close()} stops everything in the reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration WORKER_GRACE = Duration.ofSeconds(2);
    /** The SDK's default, which production (docker-compose) uses too. */
    private static final Duration REAL_SERVER_STICKY_SCHEDULE_TO_START = Duration.ofSeconds(5);

    private final LocalOptions options;
    private final LocalDatabase database;
    private final TemporalDevServer temporal;
    private final Simulator simulator;
    private final WorkflowClient client;
    private final RolloutWorker worker;
    private final ConfigurableApplicationContext api;
    private final int apiPort;
    private final boolean demoCreated;
    private boolean closed;

    private LocalStack(LocalOptions options, LocalDatabase database, TemporalDevServer temporal, Simulator simulator,
                       WorkflowClient client, RolloutWorker worker, ConfigurableApplicationContext api,
                       boolean demoCreated) {
        this.database = database;
        this.client = client;
        this.temporal = temporal;
        this.simulator = simulator;
        this.worker = worker;
        this.api = api;
        this.demoCreated = demoCreated;
        this.apiPort = ((WebServerApplicationContext) api).getWebServer().getPort();
        this.options = options.withPorts(apiPort, temporal.port(), simulator.port(),
                database.embeddedPort().orElse(options.postgresPort())).withTemporalUiPort(options.temporalUiPort());
    }

    /** Starts everything, or nothing: what started before a failure is stopped again. */
    public static LocalStack start(LocalOptions requested) {
        long begin = System.nanoTime();
        Optional<Path> temporalCli = TemporalDevServer.choose(requested);
        if (temporalCli.isEmpty()) {
            log.warn("Temporal: the Java SDK's test server (in memory, no Web UI); {}", TemporalDevServer.INSTALL_HINT);
        }
        LocalOptions options = withTemporalPortsChosen(requested);
        PrivateDataDirectory.prepare(options.dataDir());
        // The simulator registers the worker's service principal, and the worker signs in as it.
        SimulatorSignIn signIn = SimulatorSignIn.of(options.dataDir());
        ExecutorService starters = Executors.newFixedThreadPool(3, daemonThreads());
        CompletableFuture<LocalDatabase> database = CompletableFuture.supplyAsync(
                timed("PostgreSQL", begin, () -> LocalDatabase.start(options)), starters);
        CompletableFuture<TemporalDevServer> temporal = CompletableFuture.supplyAsync(
                timed("Temporal dev server", begin, () -> TemporalDevServer.start(temporalCli, options)), starters);
        CompletableFuture<StartedSimulator> simulator = CompletableFuture.supplyAsync(
                timed("simulator", begin, () -> startSimulator(options, signIn)), starters);
        // The SDK's worker metrics go to the global registry, which Spring Boot's /actuator/prometheus exports.
        CompletableFuture<WorkflowClient> client = temporal.thenApply(t -> TemporalConnection.local(t.target())
                .connect(WorkerMeters.temporalScope(Metrics.globalRegistry)));
        CompletableFuture<RolloutWorker> worker = CompletableFuture.allOf(database, client, simulator)
                .thenApplyAsync(ignored -> timed("worker", begin, () -> startWorker(options, client.join(),
                        database.join().dataSource(), simulator.join().simulator(), signIn, temporalCli.isPresent())).get(),
                        starters);
        ConfigurableApplicationContext api = null;
        try {
            api = timed("API", begin, () -> startApi(options, temporalCli.isPresent(),
                    database.thenApply(LocalDatabase::dataSource), client)).get();
            worker.join();
            starters.shutdown();
            return new LocalStack(options, database.join(), temporal.join(), simulator.join().simulator(),
                    client.join(), worker.join(), api, simulator.join().demoCreated());
        } catch (RuntimeException e) {
            // Let every start finish (or fail) before stopping them, so nothing starts after the clean-up.
            CompletableFuture.allOf(database, temporal, simulator, client, worker).exceptionally(x -> null).join();
            List<AutoCloseable> started = new ArrayList<>();
            if (api != null) {
                started.add(api::close);
            }
            worker.thenAccept(w -> started.add(w::kill));
            client.thenAccept(c -> started.add(() -> c.getWorkflowServiceStubs().shutdownNow()));
            temporal.thenAccept(started::add);
            simulator.thenAccept(s -> started.add(s.simulator()));
            database.thenAccept(started::add);
            started.forEach(LocalStack::closeQuietly);
            starters.shutdownNow();
            throw new IllegalStateException("the local stack did not start: " + rootMessage(e), unwrap(e));
        }
    }

    public LocalOptions options() {
        return options;
    }

    /** {@code http://localhost:PORT}, no trailing slash. */
    public URI apiUrl() {
        return URI.create("http://localhost:" + apiPort);
    }

    public Simulator simulator() {
        return simulator;
    }

    /** Whether Temporal is the real server (the Temporal CLI), with its Web UI and visibility. */
    public boolean realTemporal() {
        return temporal.real();
    }

    /** The Temporal Web UI, {@code http://localhost:8233} by default; empty on the Java test server. */
    public Optional<String> temporalUiUrl() {
        return temporal.uiUrl();
    }

    /** host:port of Temporal's gRPC frontend. */
    public String temporalTarget() {
        return temporal.target();
    }

    String temporalDescription() {
        return temporal.description();
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    String databaseDescription() {
        return database.description();
    }

    /** Whether this start created the demo scale set (false: it was kept from an earlier run). */
    public boolean demoScaleSetCreated() {
        return demoCreated;
    }

    public Path simulatorCertificate() {
        return simulator.certificatePem();
    }

    /**
     * Stops the API, the worker (running activities get two seconds: the real Temporal retries them after the
     * restart, the in-memory one forgets them and the reconciler resumes from PostgreSQL), Temporal, the simulator
     * and PostgreSQL.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(api::close);
        closeQuietly(() -> worker.shutdown(WORKER_GRACE));
        // Pollers still waiting on a long poll would otherwise outlive the Temporal server, and complain.
        closeQuietly(worker::kill);
        closeQuietly(() -> client.getWorkflowServiceStubs().shutdownNow());
        closeQuietly(temporal);
        closeQuietly(simulator);
        closeQuietly(database);
    }

    private record StartedSimulator(Simulator simulator, boolean demoCreated) {
    }

    private static StartedSimulator startSimulator(LocalOptions options, SimulatorSignIn signIn) {
        Path data = options.dataDir().resolve("simulator").toAbsolutePath();
        Simulator simulator;
        try {
            // With a registered client, the simulator's Resource Manager accepts only the tokens its Entra ID issued.
            simulator = Simulator.start(SimulatorOptions.builder().port(options.simulatorPort()).dataDir(data)
                    .client(signIn.registration()).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulator on port " + options.simulatorPort()
                    + " with data in " + data + " (is the port taken? --simulator-port changes it)", e);
        }
        try {
            boolean created = DemoScaleSet.ensurePresent(simulator, options.demoUpgradeMillis(), options.demoBootMillis());
            return new StartedSimulator(simulator, created);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /**
     * The Temporal and UI ports are chosen before anything starts (free ones when 0), so the API is told the UI's
     * address while Temporal is still starting.
     */
    private static LocalOptions withTemporalPortsChosen(LocalOptions options) {
        int temporalPort = options.temporalPort() != 0 ? options.temporalPort() : TemporalDevServer.freePort();
        int uiPort = options.temporalUiPort() != 0 ? options.temporalUiPort() : TemporalDevServer.freePort();
        return options.withPorts(options.apiPort(), temporalPort, options.simulatorPort(), options.postgresPort())
                .withTemporalUiPort(uiPort);
    }

    private static RolloutWorker startWorker(LocalOptions options, WorkflowClient client, DataSource dataSource,
                                             Simulator simulator, SimulatorSignIn signIn, boolean realTemporal) {
        // Trusts the simulator's own certificate, nothing more, and signs in at its Entra ID as at Azure's.
        AzureSettings azure = AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                options.healthPollInterval()).withSignIn();
        // Sticky execution at the SDK's production setting on the real server; off on the test server, which would
        // keep a dead worker's tasks on its sticky queue forever.
        RolloutWorker.WorkerTuning defaults = RolloutWorker.WorkerTuning.defaults();
        RolloutWorker.WorkerTuning tuning = !realTemporal ? defaults : new RolloutWorker.WorkerTuning(
                defaults.maxConcurrentActivities(), defaults.maxConcurrentWorkflowTasks(), defaults.activityPollers(),
                defaults.workflowTaskPollers(), REAL_SERVER_STICKY_SCHEDULE_TO_START);
        ComputeClients compute = new ComputeClients(azure, Metrics.globalRegistry, signIn.identity(simulator.baseUrl()));
        // The provider named azure-monitor reads the simulator's Azure Monitor metrics, as the worker reads its ARM;
        // VMSS_ROLLOUT_ANALYSIS_* add Prometheus servers and webhooks as they do for the worker.
        return RolloutWorker.start(client,
                new AzureScaleSetActivities(compute, new FallbackTokenBuckets(new JdbcTokenBuckets(dataSource))),
                new StoreProgressActivities(new JdbcRolloutStore(dataSource)), WebhookNotificationActivities.disabled(),
                new CalendarWindowActivities(new JdbcCalendarStore(dataSource)),
                MetricAnalysis.activities(options.analysisEnvironment(), compute, dataSource, Metrics.globalRegistry),
                new StoreReleaseActivities(new JdbcReleaseStore(dataSource), new JdbcRolloutStore(dataSource),
                        client, Clock.systemUTC()), tuning);
    }

    /**
     * The API's own DataSource and WorkflowClient back off for these beans; each bean waits for its component, so
     * Spring does everything before that while PostgreSQL and Temporal start.
     */
    private static ConfigurableApplicationContext startApi(LocalOptions options, boolean realTemporal,
                                                           CompletableFuture<DataSource> dataSource,
                                                           CompletableFuture<WorkflowClient> client) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + options.apiPort(),
                "--server.address=" + options.bindAddress(),
                "--vmss.reconciler.interval=" + options.reconcilerInterval().toSeconds() + "s",
                "--vmss.reconciler.initial-delay=0s",
                // Simulated instances never crash-loop after start: the demo's waves need not watch them for PT1M.
                "--vmss.rollouts.default-min-ready=PT0S"));
        if (realTemporal) {
            // The real server has the search attributes registered at its start, and a UI to link rollouts to.
            args.add("--vmss.temporal.search-attributes.enabled=true");
            args.add("--vmss.temporal.ui-url=" + TemporalDevServer.uiUrl(options));
        }
        return new SpringApplicationBuilder(ApiApplication.class)
                .bannerMode(Banner.Mode.OFF)
                // The demo users alice and bob (application-demo.yaml): the local stack is a laptop's.
                .profiles("demo")
                .registerShutdownHook(false) // LocalStackMain stops the API first, then the rest, in order
                .initializers(context -> {
                    GenericApplicationContext beans = (GenericApplicationContext) context;
                    // Not closed by Spring: the worker still records progress through it while the API stops.
                    beans.registerBean("dataSource", DataSource.class, dataSource::join,
                            definition -> definition.setDestroyMethodName(""));
                    beans.registerBean("workflowClient", WorkflowClient.class, client::join);
                })
                // Command-line arguments outrank application.yaml and the environment: these ports are the local stack's.
                .run(args.toArray(String[]::new));
    }

    /** Logs how long after the start of the stack a component was up: where start-up time goes. */
    private static <T> Supplier<T> timed(String component, long begin, Supplier<T> start) {
        return () -> {
            T started = start.get();
            log.info("{} up after {} ms", component, (System.nanoTime() - begin) / 1_000_000);
            return started;
        };
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-stack-start-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("stopping the local stack: {}", e.toString());
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = unwrap(e);
        String message = cause.getMessage();
        Throwable deepest = cause;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return message + (deepest != cause ? " (" + deepest.getMessage() + ")" : "");
    }
}
