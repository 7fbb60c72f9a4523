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
 * A secret of the local stack, made at random at the first start and kept in a file of the private data directory,
 * readable by its owner only (rw-------), so that the next start and the person at the keyboard can use it.
 */
final class KeptSecret {

    private KeptSecret() {
    }

    /** The secret kept in {@code file}, made and kept there first when it is missing or empty. */
    static String in(Path file, String what) {
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Files.deleteIfExists(file);
            if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, secret + "\n");
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or keep " + what + " in " + file, e);
        }
    }
}
