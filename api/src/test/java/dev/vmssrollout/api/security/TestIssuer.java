package dev.vmssrollout.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A token issuer for tests of the API's JWT mode: its own RSA key, the settings that make the API trust it, and
 * tokens signed with it as an identity provider sends them (issuer, subject, name, roles, audience, expiry).
 */
final class TestIssuer {

    static final String AUDIENCE = "api://vmss-rollout";
    static final String URL = "https://issuer.test/realm";

    private final KeyPair keys = rsa();

    /** JWT mode, trusting this issuer's public key, with roles read from Keycloak's nested claim. */
    void trustedBy(DynamicPropertyRegistry registry) {
        try {
            Path pem = Files.createTempFile("issuer", ".pem");
            pem.toFile().deleteOnExit();
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            registry.add("vmss.security.mode", () -> "jwt");
            registry.add("vmss.security.jwt.roles-claim", () -> "realm_access.roles");
            registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
            registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String token(String user, List<String> roles) {
        return sign(claims(user, roles).build());
    }

    JWTClaimsSet.Builder claims(String user, List<String> roles) {
        return new JWTClaimsSet.Builder()
                .issuer(URL)
                .subject("sub-" + user)
                .audience(AUDIENCE)
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", roles))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
