package dev.vmssrollout.simulator.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RSA key the simulated Entra ID signs access tokens with. Kept in the data directory, so tokens issued before a
 * restart stay valid after it, as Entra's keys outlive any one token. Made on first use: generating an RSA key
 * takes seconds on a loaded machine, and most simulators never issue a token.
 */
final class SigningKey {
    static final String FILE = "simulator-signing-key.json";

    private final Path directory;
    private RSAKey key;

    SigningKey(Path directory) {
        this.directory = directory;
    }

    synchronized RSAKey get() {
        if (key == null) {
            try {
                key = loadOrCreate(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return key;
    }

    private static RSAKey loadOrCreate(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(UUID.randomUUID().toString()).generate();
            Files.createDirectories(directory);
            Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return key;
        } catch (ParseException e) {
            throw new IOException("the signing key in " + file + " is not a JWK: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new IOException("cannot create a signing key: " + e.getMessage(), e);
        }
    }
}
