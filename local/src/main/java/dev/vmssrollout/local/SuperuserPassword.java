package dev.vmssrollout.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded PostgreSQL superuser's password: made at random at the first start and kept beside the database, in
 * the private data directory, readable by its owner only (rw-------), so that `psql` can be given it.
 */
final class SuperuserPassword {

    private static final String FILE = "postgres-password";

    private SuperuserPassword() {
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    static String of(Path dataDir) {
        Path file = file(dataDir);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            if (Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, password + "\n");
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or keep the embedded PostgreSQL's password in " + file, e);
        }
    }
}
