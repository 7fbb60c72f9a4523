package dev.vmssrollout.workflows.testing;

import dev.vmssrollout.workflows.devserver.CliDevServer;
import dev.vmssrollout.workflows.devserver.TemporalCli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One real Temporal dev server per test JVM (a module's tests), started on first use on free ports bound to
 * 127.0.0.1, headless, with its SQLite file in a temporary directory; stopped when the JVM exits.
 */
final class SharedDevServer {

    private static CliDevServer server;
    private static RuntimeException failure;

    private SharedDevServer() {
    }

    static synchronized Optional<CliDevServer> get() {
        Optional<Path> cli = TemporalCli.find();
        if (cli.isEmpty()) {
            return Optional.empty();
        }
        if (failure != null) {
            throw failure;
        }
        if (server == null || !server.isAlive()) {
            try {
                Path dir = Files.createTempDirectory("temporal-dev-server");
                server = CliDevServer.start(cli.get(), new CliDevServer.Settings("127.0.0.1", 0, -1,
                        dir.resolve("temporal.db"), "default", dir.resolve("temporal.log")));
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
                throw failure;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            CliDevServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "temporal-dev-server-stop"));
        }
        return Optional.of(server);
    }
}
