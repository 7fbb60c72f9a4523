package dev.vmssrollout.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateDataDirectoryTest {

    @Test
    void theDataDirectoryIsMadeOrTightenedToItsOwnerOnly(@TempDir Path parent) throws Exception {
        Path fresh = parent.resolve("data");
        PrivateDataDirectory.prepare(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");

        Path old = Files.createDirectories(parent.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateDataDirectory.prepare(old);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rwx------");
    }
}
