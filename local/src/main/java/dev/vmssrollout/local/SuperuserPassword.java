package dev.vmssrollout.local;

import java.nio.file.Path;

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
        return KeptSecret.in(file(dataDir), "the embedded PostgreSQL's password");
    }
}
