package dev.vmssrollout.local;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vmssrollout.db.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The rollout database of the local stack: an embedded PostgreSQL whose data directory survives restarts, or the
 * PostgreSQL a URL names. Either way migrated to the current schema, behind one pool that the API and the worker
 * share.
 */
final class LocalDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);
    static final String DATABASE = "vmss_rollout";
    private static final String SUPERUSER = "postgres";
    /** zonky's own lock file in the data directory, held by the JVM whose PostgreSQL runs there. */
    private static final String ZONKY_LOCK = "epg-lock";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;

    private LocalDatabase(EmbeddedPostgres embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.description = description;
    }

    static LocalDatabase start(LocalOptions options) {
        if (!options.embeddedDatabase()) {
            HikariDataSource pool = pool(options.databaseUrl(), options.databaseUser(), options.databasePassword());
            DatabaseMigrations.migrate(pool);
            return new LocalDatabase(null, pool, options.databaseUrl());
        }
        Path directory = options.dataDir().resolve("postgres").toAbsolutePath();
        requirePasswordFileOfAStrictDirectory(directory, options.dataDir());
        String password = SuperuserPassword.of(options.dataDir());
        EmbeddedPostgres postgres = startEmbedded(directory, options.postgresPort(), options.openToTheNetwork(), password);
        try {
            requirePasswords(postgres, directory, password);
            createDatabaseIfAbsent(postgres.getPostgresDatabase());
            String url = postgres.getJdbcUrl(SUPERUSER, DATABASE);
            HikariDataSource pool = pool(url, SUPERUSER, password);
            DatabaseMigrations.migrate(pool);
            return new LocalDatabase(postgres, pool, url + " (embedded, data in " + directory + ")");
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            throw e;
        }
    }

    DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL, and where the data lives when embedded. */
    String description() {
        return description;
    }

    Optional<Integer> embeddedPort() {
        return Optional.ofNullable(embedded).map(EmbeddedPostgres::getPort);
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    /**
     * @param open     listen on every interface; otherwise PostgreSQL's default, localhost only
     * @param password the superuser's, for zonky's own readiness check once the server asks for one
     */
    private static EmbeddedPostgres startEmbedded(Path directory, int port, boolean open, String password) {
        try {
            Files.createDirectories(directory);
            stopOrphanedServer(directory);
            discardUnfinishedInitdb(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Rollout progress is the product's memory: commit to disk before answering.
                    .setServerConfig("synchronous_commit", "on")
                    .setConnectConfig("password", password)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (open) {
                builder.setServerConfig("listen_addresses", "*");
            }
            if (port != 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory
                    + (port != 0 ? " on port " + port + " (is the port taken? --postgres-port changes it)" : ""), e);
        }
    }

    /**
     * A local stack killed without its shutdown (kill -9, a crash) leaves its PostgreSQL running, which would keep
     * the next start from using the data directory. When no live JVM holds zonky's lock on the directory, a server
     * still running there is such an orphan, and is stopped. When one does, another local stack uses this data.
     */
    private static void stopOrphanedServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileOutputStream lockStream = new FileOutputStream(directory.resolve(ZONKY_LOCK).toFile());
             FileLock lock = lockStream.getChannel().tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another local stack is using " + directory
                        + "; stop it first or start this one with another --data directory");
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return;
            }
            long pid;
            try {
                pid = Long.parseLong(lines.get(0).trim());
            } catch (NumberFormatException e) {
                return; // PostgreSQL itself will judge a damaged pid file
            }
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (orphan.isPresent()) {
                log.warn("stopping PostgreSQL (pid {}) left running in {} by a local stack that did not shut down",
                        pid, directory);
                ProcessHandle server = orphan.get();
                server.destroy();
                try {
                    server.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running in " + directory
                            + " did not stop; stop it by hand", e);
                }
            }
        }
    }

    /**
     * initdb writes postgresql.conf last, and zonky runs initdb when it is missing; initdb refuses a directory that
     * is not empty. A first start interrupted during initdb leaves such a directory, which holds no rollouts yet.
     */
    private static void discardUnfinishedInitdb(Path directory) throws IOException {
        if (Files.exists(directory.resolve("postgresql.conf"))) {
            return;
        }
        try (var leftovers = Files.walk(directory)) {
            List<Path> paths = leftovers.sorted(java.util.Comparator.reverseOrder())
                    .filter(p -> !p.equals(directory)).toList();
            if (!paths.isEmpty()) {
                log.warn("{} holds an unfinished PostgreSQL initialisation (no postgresql.conf); starting afresh", directory);
            }
            for (Path path : paths) {
                Files.delete(path);
            }
        }
    }

    /**
     * A data directory that asks for passwords cannot be opened without the kept one: a new password would only make
     * zonky's readiness check give up after a minute with a message that does not say why.
     */
    private static void requirePasswordFileOfAStrictDirectory(Path directory, Path dataDir) {
        Path hba = directory.resolve("pg_hba.conf");
        Path file = SuperuserPassword.file(dataDir);
        try {
            boolean strict = Files.exists(hba) && Files.readString(hba).lines()
                    .anyMatch(line -> !line.startsWith("#") && line.strip().endsWith("scram-sha-256"));
            boolean kept = Files.exists(file) && !Files.readString(file).isBlank();
            if (strict && !kept) {
                throw new IllegalStateException("the embedded PostgreSQL in " + directory + " asks for its superuser's"
                        + " password, but " + file + " that kept it is missing or empty: restore that file, or start"
                        + " with a fresh --data directory (the rollouts stored in " + directory + " are then not seen)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hba + " or " + file, e);
        }
    }

    /**
     * zonky's initdb trusts every local connection, so that anyone on the machine could connect as the superuser
     * over TCP. The superuser gets the data directory's password, and every connection must give it (SCRAM) from
     * then on; a data directory made by an earlier version is converted at its next start.
     */
    private static void requirePasswords(EmbeddedPostgres postgres, Path directory, String password) {
        Path hba = directory.resolve("pg_hba.conf");
        try {
            String rules = Files.readString(hba);
            String strict = rules.lines()
                    .map(line -> line.startsWith("#") ? line : line.replaceAll("\\btrust\\s*$", "scram-sha-256"))
                    .collect(Collectors.joining("\n", "", "\n"));
            if (strict.equals(rules)) {
                return;
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                // A generated hex string: nothing in it needs escaping.
                statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
                Files.writeString(hba, strict);
                statement.execute("SELECT pg_reload_conf()");
            }
            log.info("the embedded PostgreSQL now asks every connection for the superuser's password (kept in {})",
                    SuperuserPassword.file(directory.getParent()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the embedded PostgreSQL require passwords: " + hba, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the embedded PostgreSQL's superuser password", e);
        }
    }

    private static void createDatabaseIfAbsent(DataSource admin) {
        try (Connection connection = admin.getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + DATABASE + " in the embedded PostgreSQL", e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setPoolName("vmss-rollout-local");
        return new HikariDataSource(config);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("the embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
