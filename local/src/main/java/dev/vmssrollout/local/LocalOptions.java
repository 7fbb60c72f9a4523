package dev.vmssrollout.local;

import dev.vmssrollout.worker.analysis.AnalysisProviders;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

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
 * @param temporalUiPort     the Temporal Web UI (real server only); 0 picks a free port
 * @param bindAddress        every port of the stack listens here: 127.0.0.1 unless opened deliberately
 * @param temporal           which Temporal server: the real one when its CLI is installed (AUTO), or forced
 * @param analysisEnvironment the worker's metric analysis providers, as the worker reads them from its environment
 *                           ({@code VMSS_ROLLOUT_ANALYSIS_*}); empty: only {@code azure-monitor}, the simulator's
 */
public record LocalOptions(int apiPort, int temporalPort, int simulatorPort, int postgresPort, Path dataDir,
                           String databaseUrl, String databaseUser, String databasePassword,
                           long demoUpgradeMillis, long demoBootMillis, Duration healthPollInterval,
                           Duration reconcilerInterval, int temporalUiPort, String bindAddress,
                           TemporalChoice temporal, Map<String, String> analysisEnvironment) {

    public static final String LOOPBACK = "127.0.0.1";

    /** {@code --temporal auto|cli|test-server}. */
    public enum TemporalChoice {
        /** the real server when the Temporal CLI is found, else the Java test server (and the banner says so) */
        AUTO,
        /** the real server, or the stack does not start */
        CLI,
        /** the Java SDK's test server, in memory */
        TEST_SERVER;

        static TemporalChoice parse(String value) {
            for (TemporalChoice choice : values()) {
                if (choice.name().replace('_', '-').equalsIgnoreCase(value)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("--temporal (VMSS_LOCAL_TEMPORAL) must be auto, cli or test-server, not "
                    + value);
        }
    }

    static final String USAGE = """
            usage: java -jar vmss-rollout-local-app.jar [options]
                   java -jar vmss-rollout-local-app.jar temporal-server [--port 7233]

              --api-port N        REST API and dashboard           (VMSS_LOCAL_API_PORT, default 8080)
              --temporal-port N   Temporal dev server, gRPC         (VMSS_LOCAL_TEMPORAL_PORT, default 7233)
              --simulator-port N  ARM simulator, HTTPS              (VMSS_LOCAL_SIMULATOR_PORT, default 8443)
              --postgres-port N   embedded PostgreSQL               (VMSS_LOCAL_POSTGRES_PORT, default 5433)
              --temporal-ui-port N  Temporal Web UI (real server)   (VMSS_LOCAL_TEMPORAL_UI_PORT, default 8233)
              --temporal WHICH    auto, cli or test-server          (VMSS_LOCAL_TEMPORAL, default auto: the real
                                  server when the Temporal CLI is installed, else the Java SDK's test server)
              --bind ADDRESS      every port listens here           (VMSS_LOCAL_BIND, default 127.0.0.1;
                                  0.0.0.0 opens the API, Temporal and its UI to the network, deliberately)
              --data DIR          PostgreSQL, Temporal and simulator data (VMSS_LOCAL_DATA, default ./data)
              --database-url URL  use this PostgreSQL instead       (SPRING_DATASOURCE_URL)
              --database-user U                                     (SPRING_DATASOURCE_USERNAME)
              --database-password P                                 (SPRING_DATASOURCE_PASSWORD)
            A port of 0 picks a free one.""";

    public LocalOptions {
        requirePort("api port", apiPort);
        requirePort("Temporal port", temporalPort);
        requirePort("simulator port", simulatorPort);
        requirePort("PostgreSQL port", postgresPort);
        requirePort("Temporal UI port", temporalUiPort);
        if (bindAddress == null || bindAddress.isBlank()) {
            bindAddress = LOOPBACK;
        }
        if (temporal == null) {
            temporal = TemporalChoice.AUTO;
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("a data directory is needed");
        }
        databaseUrl = blankToNull(databaseUrl);
        databaseUser = blankToNull(databaseUser);
        databasePassword = blankToNull(databasePassword);
        analysisEnvironment = analysisEnvironment == null ? Map.of() : Map.copyOf(analysisEnvironment);
        // A mistake stops the stack at start, naming the variable, as it stops the worker.
        AnalysisProviders.fromEnv(analysisEnvironment);
    }

    /** Loopback only, the real Temporal when installed; the Temporal UI on a free port when Temporal's is free. */
    public LocalOptions(int apiPort, int temporalPort, int simulatorPort, int postgresPort, Path dataDir,
                        String databaseUrl, String databaseUser, String databasePassword,
                        long demoUpgradeMillis, long demoBootMillis, Duration healthPollInterval,
                        Duration reconcilerInterval) {
        this(apiPort, temporalPort, simulatorPort, postgresPort, dataDir, databaseUrl, databaseUser, databasePassword,
                demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval,
                temporalPort == 0 ? 0 : 8233, LOOPBACK, TemporalChoice.AUTO, Map.of());
    }

    /** The defaults of the quick start: the ports README.md shows, data under ./data, loopback only. */
    public static LocalOptions defaults() {
        return new LocalOptions(8080, 7233, 8443, 5433, Path.of("data"), null, null, null,
                3000, 2000, Duration.ofSeconds(1), Duration.ofSeconds(15), 8233, LOOPBACK, TemporalChoice.AUTO, Map.of());
    }

    /** Flags first, then the environment, then {@link #defaults()}. */
    public static LocalOptions parse(String[] args, Map<String, String> env) {
        LocalOptions d = defaults();
        Map<String, String> flags = Flags.parse(args, "--api-port", "--temporal-port", "--simulator-port",
                "--postgres-port", "--data", "--database-url", "--database-user", "--database-password",
                "--temporal-ui-port", "--bind", "--temporal");
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
                d.demoUpgradeMillis, d.demoBootMillis, d.healthPollInterval, d.reconcilerInterval,
                source.integer("--temporal-ui-port", "VMSS_LOCAL_TEMPORAL_UI_PORT", d.temporalUiPort),
                source.text("--bind", "VMSS_LOCAL_BIND", d.bindAddress),
                TemporalChoice.parse(source.text("--temporal", "VMSS_LOCAL_TEMPORAL", "auto")),
                analysisVariables(env));
    }

    /** Whether the stack listens on other interfaces than loopback: said loudly in the banner. */
    public boolean openToTheNetwork() {
        return !LOOPBACK.equals(bindAddress) && !"localhost".equals(bindAddress) && !"::1".equals(bindAddress);
    }

    public boolean embeddedDatabase() {
        return databaseUrl == null;
    }

    /** A Temporal port of 0 (free ports, as tests ask) also gives the Temporal UI a free port. */
    public LocalOptions withPorts(int api, int temporal, int simulator, int postgres) {
        return new LocalOptions(api, temporal, simulator, postgres, dataDir, databaseUrl, databaseUser,
                databasePassword, demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval,
                temporal == 0 ? 0 : temporalUiPort, bindAddress, this.temporal, analysisEnvironment);
    }

    public LocalOptions withTemporalUiPort(int port) {
        return new LocalOptions(apiPort, temporalPort, simulatorPort, postgresPort, dataDir, databaseUrl, databaseUser,
                databasePassword, demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval,
                port, bindAddress, temporal, analysisEnvironment);
    }

    public LocalOptions withTemporal(TemporalChoice choice) {
        return new LocalOptions(apiPort, temporalPort, simulatorPort, postgresPort, dataDir, databaseUrl, databaseUser,
                databasePassword, demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval,
                temporalUiPort, bindAddress, choice, analysisEnvironment);
    }

    public LocalOptions withDataDir(Path dir) {
        return new LocalOptions(apiPort, temporalPort, simulatorPort, postgresPort, dir, databaseUrl, databaseUser,
                databasePassword, demoUpgradeMillis, demoBootMillis, healthPollInterval, reconcilerInterval,
                temporalUiPort, bindAddress, temporal, analysisEnvironment);
    }

    /** Faster demo instances and polls, for tests that run the stack to the end of a rollout. */
    public LocalOptions withDemoTimings(long upgradeMillis, long bootMillis, Duration healthPoll) {
        return new LocalOptions(apiPort, temporalPort, simulatorPort, postgresPort, dataDir, databaseUrl,
                databaseUser, databasePassword, upgradeMillis, bootMillis, healthPoll, reconcilerInterval,
                temporalUiPort, bindAddress, temporal, analysisEnvironment);
    }

    /** The {@code VMSS_ROLLOUT_ANALYSIS_*} variables of {@code env}: the providers a worker would configure from them. */
    static Map<String, String> analysisVariables(Map<String, String> env) {
        Map<String, String> analysis = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("VMSS_ROLLOUT_ANALYSIS_")) {
                analysis.put(name, value);
            }
        });
        return analysis;
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
