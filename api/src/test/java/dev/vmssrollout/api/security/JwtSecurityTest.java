package dev.vmssrollout.api.security;

import com.jayway.jsonpath.JsonPath;
import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.workflows.ApproveWave;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    private static final TestIssuer ISSUER = new TestIssuer();
    private static final TestIssuer STRANGER = new TestIssuer();
    private static final String AUDIENCE = TestIssuer.AUDIENCE;
    private static final String ISSUER_URL = TestIssuer.URL;

    @DynamicPropertySource
    static void jwtMode(DynamicPropertyRegistry registry) {
        ISSUER.trustedBy(registry);
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
        String forged = STRANGER.token("mallory", List.of(Roles.SUBMIT));
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + forged))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(not(containsString(forged))));
    }

    @Test
    void rolesComeFromTheConfiguredClaim() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + ISSUER.token("viewer", List.of())))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/rollouts").header("Authorization", "Bearer " + ISSUER.token("viewer", List.of("offline_access")))
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.body()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value(Roles.SUBMIT));
    }

    @Test
    void theCallerIsIdentifiedByIssuerAndSubjectAndShownByThePrincipalClaim() throws Exception {
        RolloutPlan plan = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"), null, null, null, null, false)
                .withDefaults();
        when(store.find("r1")).thenReturn(Optional.of(Fixtures.stored("r1", plan, RolloutState.WAITING_FOR_APPROVAL,
                ISSUER_URL + "#sub-alice", 0)));

        mvc.perform(post("/api/v1/rollouts/r1/approve")
                        .header("Authorization", "Bearer " + ISSUER.token("carol", List.of(Roles.APPROVE))))
                .andExpect(status().isAccepted());
        verify(workflows).approve(eq("r1"), argThat(sentByTheApi(new ApproveWave(ISSUER_URL + "#sub-carol", 0, null))));
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + ISSUER.token("carol", List.of())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(ISSUER_URL + "#sub-carol"))
                .andExpect(jsonPath("$.displayName").value("carol"));
    }

    @Test
    void aTokenWithoutPreferredUsernameIsStillTheSamePersonForFourEyes() throws Exception {
        String named = ISSUER.token("alice", List.of(Roles.APPROVE));
        String unnamed = ISSUER.sign(ISSUER.claims("alice", List.of(Roles.APPROVE)).claim("preferred_username", null).build());
        String asNamed = read(mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + named)).andReturn());
        String asUnnamed = read(mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + unnamed)).andReturn());
        assertThat(asUnnamed).isEqualTo(asNamed);

        RolloutPlan plan = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"), null, null, null, null, false)
                .withDefaults();
        when(store.find("r2")).thenReturn(Optional.of(Fixtures.stored("r2", plan, RolloutState.WAITING_FOR_APPROVAL, asNamed, 0)));
        mvc.perform(post("/api/v1/rollouts/r2/approve").header("Authorization", "Bearer " + unnamed))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value(ProblemType.FOUR_EYES.uri().toString()));
    }

    @Test
    void entraIdTokensAreIdentifiedByTheirObjectId() throws Exception {
        String entra = ISSUER.sign(ISSUER.claims("dave", List.of()).claim("oid", "0f6c2a3e-6a55-4c1b-9d1e-2b1f0c9e7d11").build());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + entra))
                .andExpect(jsonPath("$.name").value("0f6c2a3e-6a55-4c1b-9d1e-2b1f0c9e7d11"))
                .andExpect(jsonPath("$.displayName").value("dave"));
    }

    @Test
    void aTokenForAnotherAudienceIs401() throws Exception {
        String other = ISSUER.sign(ISSUER.claims("mallory", List.of(Roles.SUBMIT)).audience("api://another-app").build());
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + other))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenWithoutAudienceIs401() throws Exception {
        String none = ISSUER.sign(ISSUER.claims("mallory", List.of(Roles.SUBMIT)).audience((String) null).build());
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + none))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenWithoutExpiryIs401() throws Exception {
        String forever = ISSUER.sign(ISSUER.claims("mallory", List.of(Roles.SUBMIT)).expirationTime(null).build());
        mvc.perform(get("/api/v1/rollouts").header("Authorization", "Bearer " + forever))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void jwtModeRefusesToStartWithoutAnAudience() {
        OAuth2ResourceServerProperties.Jwt settings =
                new OAuth2ResourceServerProperties().getJwt();
        assertThatThrownBy(() -> JwtSettings.requireAudience(settings))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(JwtSettings.AUDIENCES);
        settings.setAudiences(List.of(AUDIENCE));
        JwtSettings.requireAudience(settings);
    }

    private static String read(MvcResult result) throws Exception {
        return JsonPath.read(result.getResponse().getContentAsString(), "$.name");
    }


    /** The API's own request: as expected, and naming the request row it wrote first (SECURITY.md). */
    private static org.mockito.ArgumentMatcher<ApproveWave> sentByTheApi(ApproveWave expected) {
        return actual -> actual.requestId() != null
                && new ApproveWave(actual.approver(), actual.wave(), actual.comment()).equals(expected);
    }
}
