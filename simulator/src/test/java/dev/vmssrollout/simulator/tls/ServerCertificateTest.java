package dev.vmssrollout.simulator.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCertificateTest {

    @Test
    void theKeyStoreWithThePrivateKeyIsReadableByItsOwnerOnlyEvenWhenAnOlderVersionLeftItOpen(@TempDir Path directory)
            throws Exception {
        ServerCertificate.loadOrCreate(directory);
        Path keyStore = directory.resolve("simulator-key.p12");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore))).isEqualTo("rw-------");

        Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-r--r--"));
        ServerCertificate.loadOrCreate(directory);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore))).isEqualTo("rw-------");
    }
}
