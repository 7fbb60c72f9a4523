package dev.vmssrollout.api.security;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.worker.RolloutWorker;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.azure.RequestBudget;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.workflows.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.testserver.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything but the API, configured the way production is: a database role with a password, a simulator that
 * demands its bearer token, a worker that logs in with both, and users whose passwords are secrets. Each secret is
 * new every run, so that a test can look for it in everything the run logged. Its own Temporal test server and
 * scale sets; the database lives on the suite's PostgreSQL (embedded, or VMSS_TEST_DATABASE_URL).
 */
final class SecureStack {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "secure-rg";
    static final OsImage IMAGE = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");

    private static SecureStack instance;

    final String dbRole = "vmss_app_" + secret().substring(0, 8);
    final String dbPassword = "db-" + secret();
    final String temporalApiKey = "tmprl-" + secret();
    final String armToken = "arm-" + secret();
    /** User name -> (password, roles): two full operators, and one user per single role, and one with none. */
    final Map<String, User> users = new LinkedHashMap<>();

    final TestDatabase database;
    final Simulator simulator;
    final WorkflowClient client;
    private final TestServer.PortBoundTestServer temporal;
    final AzureSettings azure;
    private final HikariDataSource workerPool;
    private final RolloutWorker worker;

    record User(String password, List<String> roles) {
    }

    private SecureStack() throws IOException, SQLException {
        users.put("alice", new User("alice-" + secret(), Roles.ALL));
        users.put("bob", new User("bob-" + secret(), Roles.ALL));
        users.put("sam", new User("sam-" + secret(), List.of(Roles.SUBMIT)));
        users.put("ann", new User("ann-" + secret(), List.of(Roles.APPROVE)));
        users.put("otto", new User("otto-" + secret(), List.of(Roles.OPERATE)));
        users.put("vera", new User("vera-" + secret(), List.of()));
        database = TestDatabase.create();
        try (Connection admin = DriverManager.getConnection(database.jdbcUrl());
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + dbRole + " LOGIN PASSWORD '" + dbPassword + "'");
            sql.execute("ALTER DATABASE " + database.databaseName() + " OWNER TO " + dbRole);
            sql.execute("ALTER SCHEMA public OWNER TO " + dbRole);
        }
        simulator = Simulator.start(SimulatorOptions.builder().port(0).token(armToken).build());
        int port = freePort();
        temporal = TestServer.createPortBoundServer(port, true);
        client = TemporalConnection.local("127.0.0.1:" + port).connect();
        workerPool = pool();
        azure = new AzureSettings("AzureCloud", simulator.baseUrl().toString(), armToken,
                simulator.certificatePem(), Duration.ofSeconds(2), Duration.ofMillis(50), true, RequestBudget.UNLIMITED,
                RequestBudget.UNLIMITED, RequestBudget.UNLIMITED);
        worker = RolloutWorker.start(client, new AzureScaleSetActivities(new ComputeClients(azure)),
                new StoreProgressActivities(new JdbcRolloutStore(workerPool)), RolloutWorker.WorkerTuning.defaults());
    }

    static synchronized SecureStack get() {
        if (instance == null) {
            try {
                instance = new SecureStack();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot set up the database role of the secure stack", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "secure-stack-stop"));
        }
        return instance;
    }

    /** The JDBC URL without credentials: they come from the user name and password settings. */
    String jdbcUrlWithoutCredentials() {
        return database.jdbcUrl().replaceAll("\\?.*$", "");
    }

    /** Every secret this run configured, and the forms in which they travel (Basic credentials). */
    Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("database password", dbPassword);
        secrets.put("Temporal API key", temporalApiKey);
        secrets.put("ARM bearer token", armToken);
        users.forEach((name, user) -> {
            secrets.put("password of " + name, user.password());
            secrets.put("Basic credentials of " + name, java.util.Base64.getEncoder()
                    .encodeToString((name + ":" + user.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        });
        return secrets;
    }

    ScaleSetKey scaleSet(String name) {
        ScaleSetKey key = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, name);
        simulator.createScaleSet(key, ScaleSetSpec.builder().capacity(8).image(IMAGE).upgradeMillis(50).bootMillis(30).build());
        return key;
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrlWithoutCredentials());
        config.setUsername(dbRole);
        config.setPassword(dbPassword);
        config.setMaximumPoolSize(4);
        config.setPoolName("secure-stack-worker");
        return new HikariDataSource(config);
    }

    private synchronized void stop() {
        worker.kill();
        temporal.close();
        simulator.close();
        workerPool.close();
        database.close();
        try (Connection admin = DriverManager.getConnection(database.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1"));
             Statement sql = admin.createStatement()) {
            sql.execute("DROP ROLE IF EXISTS " + dbRole);
        } catch (SQLException e) {
            // The JVM is going away; an embedded server goes with it.
        }
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
