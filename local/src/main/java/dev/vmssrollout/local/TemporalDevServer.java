package dev.vmssrollout.local;

import dev.vmssrollout.workflows.devserver.CliDevServer;
import dev.vmssrollout.workflows.devserver.TemporalCli;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local stack's Temporal: the real Temporal server ({@code temporal server start-dev}: SQLite in
 * {@code DATA/temporal/}, the Web UI, the rollout search attributes) when the Temporal CLI is installed, else the
 * Java SDK's test server (in memory: the API's reconciler restarts, from PostgreSQL, the rollouts it forgot when it
 * stopped). Either way the gRPC port binds to the stack's bind address only.
 */
final class TemporalDevServer implements AutoCloseable {

    /** How a person gets the real server; printed when the stack falls back. */
    static final String INSTALL_HINT = "install the Temporal CLI for the real server and its Web UI: "
            + TemporalCli.INSTALL_COMMAND + " (see docs/temporal.md)";

    private final CliDevServer cli;
    private final Server testServer;
    private final TestServicesStarter testServices;
    private final String bind;
    private final int port;

    private TemporalDevServer(CliDevServer cli, Server testServer, TestServicesStarter testServices, String bind, int port) {
        this.cli = cli;
        this.testServer = testServer;
        this.testServices = testServices;
        this.bind = bind;
        this.port = port;
    }

    /**
     * The CLI to run as {@link LocalOptions#temporal()} says: when found (AUTO, CLI); empty for the test server.
     * Decided before anything starts, so the API is configured for the Temporal it gets (UI link, search attributes).
     */
    static Optional<Path> choose(LocalOptions options) {
        Optional<Path> binary = options.temporal() == LocalOptions.TemporalChoice.TEST_SERVER
                ? Optional.empty() : TemporalCli.find();
        if (binary.isEmpty() && options.temporal() == LocalOptions.TemporalChoice.CLI) {
            throw new IllegalStateException("--temporal cli: no Temporal CLI found; " + INSTALL_HINT);
        }
        return binary;
    }

    /** @param options with concrete Temporal and UI ports (see {@link LocalStack}) */
    static TemporalDevServer start(Optional<Path> cli, LocalOptions options) {
        return cli.isPresent() ? startCli(cli.get(), options) : startTestServer(options.bindAddress(), options.temporalPort());
    }

    /** {@code http://localhost:PORT} of the UI the CLI will serve with these options. */
    static String uiUrl(LocalOptions options) {
        return "http://localhost:" + options.temporalUiPort();
    }

    private static TemporalDevServer startCli(Path binary, LocalOptions options) {
        Path dir = options.dataDir().resolve("temporal").toAbsolutePath();
        OrphanedTemporal.stopIfLeft(dir);
        CliDevServer server = CliDevServer.start(binary, new CliDevServer.Settings(options.bindAddress(),
                options.temporalPort(), options.temporalUiPort(), dir.resolve("temporal.db"), "default",
                dir.resolve("temporal.log")));
        OrphanedTemporal.remember(dir, server.pid());
        return new TemporalDevServer(server, null, null, options.bindAddress(), server.port());
    }

    /** @param port 0 picks a free port */
    static TemporalDevServer startTestServer(String bind, int port) {
        int chosen = port != 0 ? port : freePort();
        // lockTimeSkipping = true: timers fire in real time, as on a real server.
        TestServicesStarter services = new TestServicesStarter(true, 0);
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(bind, chosen),
                    InsecureServerCredentials.create());
            GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
            return new TemporalDevServer(null, builder.build().start(), services, bind, chosen);
        } catch (IOException | RuntimeException e) {
            services.close();
            throw new IllegalStateException("cannot start the Temporal dev server on " + bind + ":" + chosen
                    + " (is it taken? --temporal-port changes it)", e);
        }
    }

    int port() {
        return port;
    }

    String target() {
        return cli != null ? cli.target() : ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind) + ":" + port;
    }

    /** Whether this is the real Temporal server (the CLI), with its Web UI and visibility. */
    boolean real() {
        return cli != null;
    }

    /** The Web UI, {@code http://localhost:8233} by default; empty on the test server. */
    Optional<String> uiUrl() {
        return cli == null ? Optional.empty() : Optional.of("http://localhost:" + cli.settings().uiPort());
    }

    /** One line for the banner and the logs. */
    String description() {
        if (cli != null) {
            return "localhost:" + port + " (gRPC, namespace default; the real Temporal dev server, SQLite in "
                    + cli.settings().database().getParent() + ")";
        }
        return "localhost:" + port + " (gRPC, namespace default; the Java SDK's test server, in memory: the API "
                + "restarts lost rollouts from PostgreSQL; " + INSTALL_HINT + ")";
    }

    @Override
    public void close() {
        if (cli != null) {
            cli.close();
        } else {
            testServer.shutdownNow();
            testServices.close();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
