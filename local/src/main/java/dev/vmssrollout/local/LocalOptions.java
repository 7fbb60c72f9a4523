package dev.vmssrollout.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to start the local stack. Every option is a flag, and an environment variable when the flag is absent.
 *
 * @param apiPort            REST API and dashboard (HTTP); 0 picks a free port
 * @param temporalPort       Temporal dev server (gRPC); 0 picks a free port
 * @param simulatorPort      ARM simulator (HTTPS); 0 picks a free port
 * @param postgresPort       embedded PostgreSQL; 0 picks a free port; unused with {@code databaseUrl}
 * @param dataDir            holds {@code postgres/} and {@code simulator/}; kept across restarts
 * @param databaseUrl        a PostgreSQL to use instead of the embedded one, or null
 * @param databaseUser       its user, or null
 * @param databasePassword   its password, or null
 * @param demoUpgradeMillis  how long the demo scale set's instances take to upgrade (when it is first created)
 * @param demoBootMillis     how long they then take to boot
 * @param healthPollInterval the worker's shortest time between two VM-list calls of one health wait
 * @param reconcilerInterval how often the API looks for rollouts whose workflow was lost
 */
public record LocalOptions(int apiPort, int temporalPort, int simulatorPort, int postgresPort, Path dataDir,
                           String databaseUrl, String databaseUser, String databasePassword,
                           long demoUpgradeMillis, long demoBootMillis, Duration healthPollInterval,
                           Duration reconcilerInterval) {

    static final String USAGE = """
            usage: java -jar vmss-rollout-local-app.jar [options]
                   java -jar vmss-rollout-local-app.jar temporal-server [--port 7233]

              --api-port N        REST API and dashboard           (VMSS_LOCAL_API_PORT, default 8080)
              --temporal-port N   Temporal dev server, gRPC         (VMSS_LOCAL_TEMPORAL_PORT, default 7233)
              --simulator-port N  ARM simulator, HTTPS              (VMSS_LOCAL_SIMULATOR_PORT, default 8443)
              --postgres-port N   embedded PostgreSQL               (VMSS_LOCAL_POSTGRES_PORT, default 5433)
              --data DIR          PostgreSQL and simulator data     (VMSS_LOCAL_DATA, default ./data)
              --database-url URL  use this PostgreSQL instead       (SPRING_DATASOURCE_URL)
              --database-user U                                     (SPRING_DATASOURCE_USERNAME)
              --database-password P                                 (SPRING_DATASOURCE_PASSWORD)
            A port of 0 picks a free one.""";

    public LocalOptions {
        requirePort("api port", apiPort);
        requirePort("Temporal port", temporalPort);
        requirePort("simulator port", simulatorPort);
        requirePort("PostgreSQL port", postgresPort);
        if (dataDir == null) {
            throw new IllegalArgumentException("a data directory is needed");
        }
        databaseUrl = blankToNull(databaseUrl);
        databaseUser = blankToNull(databaseUser);
        databasePassword = blankToNull(databasePassword);
    }

    /** The defaults of the quick start: the ports README.md shows, data under ./data. */
    public static LocalOptions defaults() {
        return new LocalOptions(8080, 7233, 8443, 5433, Path.of("data"), null, null, null,
                3000, 2000, Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    /** Flags first, then the environment, then {@link #defaults()}. */
    public static LocalOptions parse(String[] args, Map<String, String> env) {
        LocalOptions d = defaults();
        Map<String, String> flags = Flags.parse(args, "--api-port", "--temporal-port", "--simulator-port",
                "--postgres-port", "--data", "--database-url", "--database-user", "--database-password");
        Flags.Source source = new Flags.Source(flags, env);
        return new LocalOptions(
                source.integer("--api-port", "VMSS_LOCAL_API_PORT", d.apiPort),
                source.integer("--temporal-port", "VMSS_LOCAL_TEMPORAL_PORT", d.temporalPort),
                source.integer("--simulator-port", "VMSS_LOCAL_SIMULATOR_PORT", d.simulatorPort),
                source.integer("--postgres-port", "VMSS_LOCAL_POSTGRES_PORT", d.postgresPort),
                Path.of(source.text("--data", "VMSS_LOCAL_DATA", d.dataDir.toString())),
                source.text("--database-url", "SPRING_DATASOURCE_URL", null),
                source.text("--database-user", "SPRING_DATASOURCE_USERNAME", null),
                source.text("--database-password", "SPRING_DATASOURCE_PASSWORD", null),
                d.demoUpgradeMillis, d.demoBootMillis, d.healthPollInterval, d.reconcilerInterval);
    }

    public boolean embeddedDatabase() {
        return databaseUrl == null;
    }

    public LocalOptions withPorts(int api, int temporal, int simulator, int postgres) {
        return new LocalOptions(api, temporal, simulator, postgres, dataDir, databaseUrl, databaseUser,
                databasePassword, demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval);
    }

    public LocalOptions withDataDir(Path dir) {
        return new LocalOptions(apiPort, temporalPort, simulatorPort, postgresPort, dir, databaseUrl, databaseUser,
                databasePassword, demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval);
    }

    /** Faster demo instances and polls, for tests that run the stack to the end of a rollout. */
    public LocalOptions withDemoTimings(long upgradeMillis, long bootMillis, Duration healthPoll) {
        return new LocalOptions(apiPort, temporalPort, simulatorPort, postgresPort, dataDir, databaseUrl,
                databaseUser, databasePassword, upgradeMillis, bootMillis, healthPoll, reconcilerInterval);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, not " + port);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
