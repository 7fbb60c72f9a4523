package dev.vmssrollout.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vmssrollout.db.DatabaseMigrations;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.workflows.TemporalConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The worker process: configured by environment variables (see README.md, "Configuration"). */
public final class WorkerMain {

    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        HikariDataSource dataSource = dataSource(env);
        DatabaseMigrations.migrate(dataSource);
        TemporalConnection temporal = temporal(env);
        AzureSettings azure = azure(env);
        RolloutWorker worker = RolloutWorker.start(temporal.connect(),
                new AzureScaleSetActivities(new ComputeClients(azure)),
                new StoreProgressActivities(new JdbcRolloutStore(dataSource)),
                RolloutWorker.WorkerTuning.defaults());
        log.info("vmss-rollout worker polling {} on Temporal {}, Azure {}", dataSource.getJdbcUrl(), temporal,
                azure.endpoint() != null ? azure.endpoint() : azure.cloud());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(Duration.ofSeconds(20));
            dataSource.close();
            stopped.countDown();
        }));
        stopped.await();
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
                !"false".equalsIgnoreCase(env.get("VMSS_ROLLOUT_PACE_BEFORE_THROTTLING")));
    }

    static HikariDataSource dataSource(Map<String, String> env) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(env.getOrDefault("VMSS_ROLLOUT_DB_URL", "jdbc:postgresql://localhost:5432/vmss_rollout"));
        config.setUsername(env.getOrDefault("VMSS_ROLLOUT_DB_USER", "postgres"));
        config.setPassword(env.get("VMSS_ROLLOUT_DB_PASSWORD"));
        config.setMaximumPoolSize(Integer.parseInt(env.getOrDefault("VMSS_ROLLOUT_DB_POOL_SIZE", "10")));
        config.setPoolName("vmss-rollout-worker");
        // Start even while PostgreSQL is down: progress activities retry until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
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
