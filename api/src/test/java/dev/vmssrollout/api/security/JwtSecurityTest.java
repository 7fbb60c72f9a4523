package dev.vmssrollout.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.workflows.ApproveWave;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Production mode: bearer tokens signed by the issuer, roles from a configurable (nested) claim. */
class JwtSecurityTest extends WebTestSupport {

    private static final KeyPair ISSUER = rsa();
    private static final KeyPair STRANGER = rsa();

    @DynamicPropertySource
    static void jwtMode(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("issuer", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        registry.add("vmss.security.mode", () -> "jwt");
        registry.add("vmss.security.jwt.roles-claim", () -> "realm_access.roles");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    private static String token(KeyPair signer, String user, List<String> roles) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("sub-" + user)
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", roles))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
        return jwt.serialize();
    }

    @Test
    void noTokenIs401WithBearerChallenge() throws Exception {
        mvc.perform(get("/api/v1/rollouts"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
                .andExpect(jsonPath("$.detail", containsString("bearer token")));
    }

    @Test
    void tokenFromAnotherIssuerIs401AndNotEchoed() throws Exception {
        String forged = token(STRANGER, "mallory", List.of(Roles.SUBMIT));
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + forged))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(not(containsString(forged))));
    }

    @Test
    void rolesComeFromTheConfiguredClaim() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + token(ISSUER, "viewer", List.of())))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/rollouts").header("Authorization", "Bearer " + token(ISSUER, "viewer", List.of("offline_access")))
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.body()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value(Roles.SUBMIT));
    }

    @Test
    void theCallerIsNamedByThePrincipalClaim() throws Exception {
        RolloutPlan plan = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"), null, null, null, null, false)
                .withDefaults();
        when(store.find("r1")).thenReturn(Optional.of(Fixtures.stored("r1", plan, RolloutState.WAITING_FOR_APPROVAL, "alice", 0)));

        mvc.perform(post("/api/v1/rollouts/r1/approve")
                        .header("Authorization", "Bearer " + token(ISSUER, "carol", List.of(Roles.APPROVE))))
                .andExpect(status().isAccepted());
        verify(workflows).approve(eq("r1"), argThat(sentByTheApi(new ApproveWave("carol", 0, null))));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API's own request: as expected, and naming the request row it wrote first (SECURITY.md). */
    private static org.mockito.ArgumentMatcher<ApproveWave> sentByTheApi(ApproveWave expected) {
        return actual -> actual.requestId() != null
                && new ApproveWave(actual.approver(), actual.wave(), actual.comment()).equals(expected);
    }
}
