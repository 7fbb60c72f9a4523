package dev.vmssrollout.local;

import io.temporal.testserver.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The Temporal Java SDK's test server used as a dev server: real time, namespace {@code default}, gRPC on a TCP port
 * so the Temporal CLI and other processes can talk to it. It keeps everything in memory: the reconciler of the API
 * restarts, from PostgreSQL, the rollouts it forgot when it stopped.
 */
final class TemporalDevServer implements AutoCloseable {

    private final TestServer.PortBoundTestServer server;
    private final int port;

    private TemporalDevServer(TestServer.PortBoundTestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param port 0 picks a free port */
    static TemporalDevServer start(int port) {
        int chosen = port != 0 ? port : freePort();
        try {
            // lockTimeSkipping = true: timers fire in real time, as on a real server.
            return new TemporalDevServer(TestServer.createPortBoundServer(chosen, true), chosen);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the Temporal dev server on port " + chosen
                    + " (is it taken? --temporal-port changes it)", e);
        }
    }

    int port() {
        return port;
    }

    String target() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
