package dev.vmssrollout.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vmssrollout.db.DatabaseMigrations;
import dev.vmssrollout.db.JdbcCalendarStore;
import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.JdbcTokenBuckets;
import dev.vmssrollout.worker.analysis.MetricAnalysis;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.azure.FallbackTokenBuckets;
import dev.vmssrollout.worker.azure.RequestBudget;
import dev.vmssrollout.worker.health.WorkerHealth;
import dev.vmssrollout.worker.health.WorkerHttpServer;
import dev.vmssrollout.worker.logging.LogFormat;
import dev.vmssrollout.worker.metrics.RolloutMetrics;
import dev.vmssrollout.worker.metrics.StoreGauges;
import dev.vmssrollout.worker.metrics.WorkerMeters;
import dev.vmssrollout.worker.notifications.DeliveryLog;
import dev.vmssrollout.worker.notifications.NotificationSettings;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.worker.releases.StoreReleaseActivities;
import dev.vmssrollout.worker.windows.CalendarWindowActivities;
import dev.vmssrollout.workflows.DirectActions;
import dev.vmssrollout.workflows.TemporalConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/** The worker process: configured by environment variables (see docs/configuration.md). */
public final class WorkerMain {

    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);
    /** Rollouts by state and pending approvals are read from PostgreSQL at most this often. */
    private static final Duration STORE_GAUGES_MAX_AGE = Duration.ofSeconds(10);

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Map<String, String> env = System.getenv();
        LogFormat.apply(env);
        PrometheusMeterRegistry meters = WorkerMeters.prometheus();
        HikariDataSource dataSource = dataSource(env, meters);
        TemporalConnection temporal = temporal(env);
        AzureSettings azure = azure(env);
        NotificationSettings notifications = NotificationSettings.fromEnv(env);
        WorkflowClient client = temporal.connect(WorkerMeters.temporalScope(meters));
        ComputeClients compute = new ComputeClients(azure, meters);
        AtomicReference<RolloutWorker> started = new AtomicReference<>();
        // Up before the migrations and the pollers: live at once, ready only once the worker polls.
        WorkerHttpServer http = httpServer(env, WorkerHealth.of(dataSource, client.getWorkflowServiceStubs(),
                temporal.namespace(), compute, () -> started.get() != null && started.get().isPolling()), meters);
        DatabaseMigrations.migrate(dataSource);
        RolloutWorker worker = startWorker(client, compute, dataSource, notifications, env, meters);
        started.set(worker);
        log.info("vmss-rollout worker polling {} on Temporal {}, Azure {}; {} webhook(s); {}", dataSource.getJdbcUrl(),
                temporal, azure.endpoint() != null ? azure.endpoint() : azure.cloud(), notifications.webhooks().size(),
                http == null ? "no HTTP endpoint" : "health and metrics on port " + http.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(Duration.ofSeconds(20));
            if (http != null) {
                http.close();
            }
            dataSource.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** {@value WorkerHttpServer#PORT_VARIABLE}: default 8081, 0 for none. */
    static WorkerHttpServer httpServer(Map<String, String> env, WorkerHealth health, PrometheusMeterRegistry meters)
            throws IOException {
        String value = env.getOrDefault(WorkerHttpServer.PORT_VARIABLE, String.valueOf(WorkerHttpServer.DEFAULT_PORT)).trim();
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WorkerHttpServer.PORT_VARIABLE + " must be a port number, not '" + value + "'", e);
        }
        return port == 0 ? null : WorkerHttpServer.start(new InetSocketAddress(port), health, meters);
    }

    static TemporalConnection temporal(Map<String, String> env) {
        return new TemporalConnection(env.getOrDefault("TEMPORAL_ADDRESS", "localhost:7233"),
                env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
                env.get("TEMPORAL_API_KEY"),
                pathOrNull(env.get("TEMPORAL_TLS_CERT")),
                pathOrNull(env.get("TEMPORAL_TLS_KEY")));
    }

    static AzureSettings azure(Map<String, String> env) {
        return new AzureSettings(env.getOrDefault("AZURE_CLOUD", "AzureCloud"),
                env.get("VMSS_ROLLOUT_ARM_ENDPOINT"),
                env.get("VMSS_ROLLOUT_ARM_TOKEN"),
                pathOrNull(env.get("VMSS_ROLLOUT_ARM_CA_CERT")),
                duration(env, "VMSS_ROLLOUT_MAX_RETRY_AFTER", AzureSettings.DEFAULT_MAX_RETRY_AFTER),
                duration(env, "VMSS_ROLLOUT_HEALTH_POLL_INTERVAL", AzureSettings.DEFAULT_HEALTH_POLL_INTERVAL),
                !"false".equalsIgnoreCase(env.get("VMSS_ROLLOUT_PACE_BEFORE_THROTTLING")),
                budget(env, "VMSS_ROLLOUT_HEALTH_READ_BUDGET", RequestBudget.AZURE_DEFAULT),
                budget(env, "VMSS_ROLLOUT_UPGRADE_BUDGET", RequestBudget.AZURE_UPGRADE_DEFAULT),
                budget(env, "VMSS_ROLLOUT_MODEL_READ_BUDGET", RequestBudget.AZURE_MODEL_READ_DEFAULT));
    }

    /** Polls the rollout and the release task queues with every activity the process serves. */
    static RolloutWorker startWorker(WorkflowClient client, ComputeClients compute, DataSource dataSource,
                                     NotificationSettings notifications, Map<String, String> env, MeterRegistry meters) {
        StoreGauges store = new StoreGauges(dataSource, STORE_GAUGES_MAX_AGE, Clock.systemUTC()).register(meters);
        JdbcRolloutStore rollouts = new JdbcRolloutStore(dataSource);
        return RolloutWorker.start(client,
                new AzureScaleSetActivities(compute, new FallbackTokenBuckets(new JdbcTokenBuckets(dataSource))),
                new StoreProgressActivities(rollouts, new RolloutMetrics(meters, store),
                        DirectActions.parse(env.get(DirectActions.VARIABLE))),
                new WebhookNotificationActivities(notifications, new DeliveryLog(dataSource), meters, Clock.systemUTC()),
                new CalendarWindowActivities(new JdbcCalendarStore(dataSource)),
                MetricAnalysis.activities(env, compute, dataSource, meters),
                new StoreReleaseActivities(new JdbcReleaseStore(dataSource), rollouts, client, Clock.systemUTC()),
                tuning(env));
    }

    static RolloutWorker.WorkerTuning tuning(Map<String, String> env) {
        RolloutWorker.WorkerTuning defaults = RolloutWorker.WorkerTuning.defaults();
        return new RolloutWorker.WorkerTuning(
                count(env, "VMSS_ROLLOUT_MAX_CONCURRENT_ACTIVITIES", defaults.maxConcurrentActivities()),
                count(env, "VMSS_ROLLOUT_MAX_CONCURRENT_WORKFLOW_TASKS", defaults.maxConcurrentWorkflowTasks()),
                count(env, "VMSS_ROLLOUT_ACTIVITY_POLLERS", defaults.activityPollers()),
                count(env, "VMSS_ROLLOUT_WORKFLOW_TASK_POLLERS", defaults.workflowTaskPollers()),
                duration(env, "VMSS_ROLLOUT_STICKY_SCHEDULE_TO_START", defaults.stickyScheduleToStart()));
    }

    private static int count(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }

    static HikariDataSource dataSource(Map<String, String> env, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setMetricRegistry(meters); // hikaricp_connections_* on /metrics
        config.setJdbcUrl(env.getOrDefault("VMSS_ROLLOUT_DB_URL", "jdbc:postgresql://localhost:5432/vmss_rollout"));
        config.setUsername(env.getOrDefault("VMSS_ROLLOUT_DB_USER", "postgres"));
        config.setPassword(env.get("VMSS_ROLLOUT_DB_PASSWORD"));
        config.setMaximumPoolSize(Integer.parseInt(env.getOrDefault("VMSS_ROLLOUT_DB_POOL_SIZE", "10")));
        config.setPoolName("vmss-rollout-worker");
        // Start even while PostgreSQL is down: progress activities retry until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static RequestBudget budget(Map<String, String> env, String name, RequestBudget fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return RequestBudget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT5S, not '" + value + "'", e);
        }
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
