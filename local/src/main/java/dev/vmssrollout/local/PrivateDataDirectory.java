package dev.vmssrollout.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local stack's data directory holds the rollout database, the Temporal database and the simulator's private
 * key: only its owner may enter it (rwx------), on file systems that know POSIX permissions.
 */
final class PrivateDataDirectory {

    private PrivateDataDirectory() {
    }

    static void prepare(Path directory) {
        try {
            Files.createDirectories(directory);
            if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + directory + " private to its owner", e);
        }
    }
}
