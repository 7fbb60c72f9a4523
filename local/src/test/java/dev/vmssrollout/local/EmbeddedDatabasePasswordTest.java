package dev.vmssrollout.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL does not let anyone on the machine in as its superuser: over TCP it asks for the password
 * kept, owner-only, in the data directory, also after a restart and for a data directory an earlier version made;
 * without that file a strict data directory is refused with a message that says what to do.
 */
class EmbeddedDatabasePasswordTest {

    /** One test, as initdb is the slow part: a fresh directory, a restart, then one as an earlier version left it. */
    @Test
    void theSuperuserMustGiveThePasswordKeptPrivatelyInTheDataDirectory(@TempDir Path data) throws Exception {
        LocalOptions options = LocalOptions.defaults().withDataDir(data).withPorts(0, 0, 0, 0);
        try (LocalDatabase database = LocalDatabase.start(options)) {
            assertRefusedWithoutThePasswordAndAdmittedWithIt(database.embeddedPort().orElseThrow(), data);
        }
        Path file = SuperuserPassword.file(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String password = Files.readString(file).strip();

        try (LocalDatabase again = LocalDatabase.start(options)) {
            assertRefusedWithoutThePasswordAndAdmittedWithIt(again.embeddedPort().orElseThrow(), data);
        }
        assertThat(Files.readString(file).strip()).as("the same password after a restart").isEqualTo(password);

        // As an earlier version left it: initdb's rules, which trust every local connection, and no password file.
        Path hba = data.resolve("postgres/pg_hba.conf");
        Files.writeString(hba, Files.readString(hba).replace("scram-sha-256", "trust"));
        Files.delete(file);
        try (LocalDatabase converted = LocalDatabase.start(options)) {
            assertRefusedWithoutThePasswordAndAdmittedWithIt(converted.embeddedPort().orElseThrow(), data);
        }
        assertThat(Files.readString(hba)).doesNotContainPattern("(?m)^[^#].*\\btrust\\s*$");

        // The password file lost after the conversion: a clear refusal at once, not a new password the server refuses.
        Files.delete(file);
        assertThatThrownBy(() -> LocalDatabase.start(options)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("restore that file")
                .hasMessageContaining("fresh --data directory");
        assertThat(file).as("no new password was made").doesNotExist();
    }

    private static void assertRefusedWithoutThePasswordAndAdmittedWithIt(int port, Path data) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + LocalDatabase.DATABASE;
        assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> connect(url, "postgres")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        try (Connection admitted = connect(url, Files.readString(SuperuserPassword.file(data)).strip())) {
            assertThat(admitted.isValid((int) Duration.ofSeconds(5).toSeconds())).isTrue();
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }
}
