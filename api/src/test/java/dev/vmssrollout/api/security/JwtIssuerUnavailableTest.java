package dev.vmssrollout.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.problems.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.ServerSocket;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** JWT mode with an issuer nobody answers for: every bearer request is the issuer's outage (503), not a 500. */
@ExtendWith(OutputCaptureExtension.class)
class JwtIssuerUnavailableTest extends WebTestSupport {

    private static final String ISSUER_URL = "http://127.0.0.1:" + closedPort() + "/realm";

    @DynamicPropertySource
    static void unreachableIssuer(DynamicPropertyRegistry registry) {
        registry.add("vmss.security.mode", () -> "jwt");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER_URL);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "api://vmss-rollout");
    }

    @Test
    void anUnreachableIssuerIs503WithRetryAfterAndOneLogLine(CapturedOutput output) throws Exception {
        String token = token();
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + token))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.type").value(ProblemType.DEPENDENCY_UNAVAILABLE.uri().toString()))
                    .andExpect(jsonPath("$.detail", containsString("issuer is unreachable")))
                    .andExpect(content().string(not(containsString("Exception"))));
        }
        assertThat(output.getOut().lines().filter(l -> l.contains("the JWT issuer is unreachable"))).hasSize(1);
        assertThat(output.getAll()).doesNotContain("JwtDecoderInitializationException");
    }

    @Test
    void requestsWithoutATokenAreStill401() throws Exception {
        mvc.perform(get("/api/v1/rollouts")).andExpect(status().isUnauthorized());
    }

    @Test
    void onlyTheIssuersOutageIs503NeverABadToken() {
        assertThat(TokenIssuerUnavailableFilter.issuerUnavailable(new JwtDecoderInitializationException("down", null))).isTrue();
        assertThat(TokenIssuerUnavailableFilter.issuerUnavailable(new AuthenticationServiceException("x",
                new JwtException("Couldn't retrieve remote JWK set")))).isTrue();
        assertThat(TokenIssuerUnavailableFilter.issuerUnavailable(new AuthenticationServiceException("x",
                new BadJwtException("bad signature")))).isFalse();
        assertThat(TokenIssuerUnavailableFilter.issuerUnavailable(new IllegalStateException("ours"))).isFalse();
    }

    private static String token() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER_URL).subject("alice").audience("api://vmss-rollout")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));
        return jwt.serialize();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again when the test connects: connection refused
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
