package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.db.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL of its own that a test can stop and start again: the same data directory and port, so
 * clients see an outage and then the very same database back. (The suite's shared embedded server cannot be
 * stopped without taking every other test's database with it.)
 */
final class RestartablePostgres implements AutoCloseable {

    private static final String DATABASE = "vmss_outage";

    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a fresh server with an empty, migrated rollout database. */
    static RestartablePostgres startMigrated() {
        try {
            RestartablePostgres postgres = new RestartablePostgres(Files.createTempDirectory("vmss-outage-pg-"), freePort());
            postgres.start();
            try (Connection admin = postgres.server.getPostgresDatabase().getConnection();
                 Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            DatabaseMigrations.migrate(postgres.dataSource());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Not pooled. Short connect and socket timeouts: a write that hangs on a dead server would otherwise hold the
     * progress activity until its own timeout.
     */
    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://localhost:" + port + "/" + DATABASE + "?user=postgres");
        dataSource.setConnectTimeout(2);
        dataSource.setSocketTimeout(5);
        return dataSource;
    }

    synchronized void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** Stops the server (pg_ctl stop, fast mode: open connections are cut); the data stays. */
    synchronized void stop() throws IOException {
        server.close();
        server = null;
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            stop();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
