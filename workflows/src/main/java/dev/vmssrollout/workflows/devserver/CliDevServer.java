package dev.vmssrollout.workflows.devserver;

import dev.vmssrollout.workflows.RolloutSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server as a child process: {@code temporal server start-dev} with SQLite persistence, the
 * namespace created and the rollout search attributes registered at every start (the CLI does both idempotently),
 * and the Web UI unless headless. Stopping it (SIGTERM) keeps its database file: the next start carries on.
 */
public final class CliDevServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path cli;
    private final Process process;
    private final Settings settings;

    /**
     * @param ip        address every port binds to (127.0.0.1 unless deliberately opened)
     * @param port      gRPC frontend; 0 picks a free port
     * @param uiPort    Web UI; 0 picks a free port; -1 for none (headless)
     * @param database  SQLite file; its directory is created; kept across starts
     * @param namespace created at start when it is not {@code default}
     * @param log       where the server's output goes
     */
    public record Settings(String ip, int port, int uiPort, Path database, String namespace, Path log) {

        public Settings {
            if (ip == null || ip.isBlank() || database == null || namespace == null || namespace.isBlank() || log == null) {
                throw new IllegalArgumentException("ip, database, namespace and log are needed");
            }
        }

        public String target() {
            return hostForClients() + ":" + port;
        }

        /** {@code http://host:port} of the Web UI, or null when headless. */
        public String uiUrl() {
            return uiPort < 0 ? null : "http://" + ("127.0.0.1".equals(ip) ? "localhost" : hostForClients()) + ":" + uiPort;
        }

        private String hostForClients() {
            return "0.0.0.0".equals(ip) ? "127.0.0.1" : ip;
        }

        Settings withFreePorts() {
            return new Settings(ip, port == 0 ? freePort() : port, uiPort == 0 ? freePort() : uiPort, database, namespace, log);
        }
    }

    private CliDevServer(Path cli, Process process, Settings settings) {
        this.cli = cli;
        this.process = process;
        this.settings = settings;
    }

    /** Starts the server and returns once its namespace answers, or throws (and leaves no process behind). */
    public static CliDevServer start(Path cli, Settings requested) {
        Settings settings = requested.withFreePorts();
        Process process;
        try {
            Files.createDirectories(settings.database().toAbsolutePath().getParent());
            Files.createDirectories(settings.log().toAbsolutePath().getParent());
            process = new ProcessBuilder(command(cli, settings))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cli + " server start-dev", e);
        }
        CliDevServer server = new CliDevServer(cli, process, settings);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static List<String> command(Path cli, Settings settings) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev",
                "--ip", settings.ip(), "--port", Integer.toString(settings.port()),
                "--db-filename", settings.database().toAbsolutePath().toString(),
                "--log-level", "warn"));
        if (settings.uiPort() < 0) {
            command.add("--headless");
        } else {
            command.addAll(List.of("--ui-port", Integer.toString(settings.uiPort()), "--ui-disable-news-fetch"));
        }
        if (!"default".equals(settings.namespace())) {
            command.addAll(List.of("--namespace", settings.namespace()));
        }
        for (Map.Entry<String, IndexedValueType> attribute : RolloutSearchAttributes.definitions().entrySet()) {
            command.addAll(List.of("--search-attribute", attribute.getKey() + "=" + cliType(attribute.getValue())));
        }
        return command;
    }

    private static String cliType(IndexedValueType type) {
        return switch (type) {
            case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
            case INDEXED_VALUE_TYPE_TEXT -> "Text";
            case INDEXED_VALUE_TYPE_INT -> "Int";
            case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
            case INDEXED_VALUE_TYPE_BOOL -> "Bool";
            case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
            case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
            default -> throw new IllegalArgumentException("no CLI name for search attribute type " + type);
        };
    }

    /** The operating system's ID of the server's process. */
    public long pid() {
        return process.pid();
    }

    public Settings settings() {
        return settings;
    }

    /** host:port of the gRPC frontend. */
    public String target() {
        return settings.target();
    }

    public int port() {
        return settings.port();
    }

    /** The Web UI, or null when headless. */
    public String uiUrl() {
        return settings.uiUrl();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(settings.target()).build());
        try {
            RuntimeException last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("temporal server start-dev exited with " + process.exitValue()
                            + " (is port " + settings.port() + " or " + settings.uiPort() + " taken? see " + settings.log() + ")");
                }
                try {
                    stubs.blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS).describeNamespace(
                            DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
                    return;
                } catch (RuntimeException e) {
                    last = e;
                }
                try {
                    process.waitFor(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the Temporal dev server started", e);
                }
            }
            throw new IllegalStateException("the Temporal dev server did not answer on " + settings.target()
                    + " within " + READY_TIMEOUT.toSeconds() + " s (see " + settings.log() + ")", last);
        } finally {
            stubs.shutdownNow();
        }
    }

    /**
     * Stops this server and starts another on the same ports: on the same SQLite file (Temporal carries on where it
     * was), or on a fresh one ({@code keepDatabase} false: Temporal has lost every workflow, as after a lost disk).
     */
    public CliDevServer restart(boolean keepDatabase) {
        close();
        if (!keepDatabase) {
            deleteDatabase();
        }
        return start(cli, settings);
    }

    private void deleteDatabase() {
        Path db = settings.database().toAbsolutePath();
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Temporal database " + db, e);
        }
    }

    /** SIGTERM, as Ctrl-C: the server flushes SQLite and stops; killed after ten seconds if it has not. */
    @Override
    public void close() {
        stop(false);
    }

    /** SIGKILL, as a crash of the machine it runs on. */
    public void kill() {
        stop(true);
    }

    private void stop(boolean force) {
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
