package dev.vmssrollout.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.vmssrollout.simulator.identity.ClientRegistration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated Microsoft Entra ID issues signed tokens through the client-credentials grant, and Resource Manager
 * refuses what real ARM refuses: a forged signature, another audience, an expired token, a token it did not issue.
 */
class EntraIdSignInTest {
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final ClientRegistration CLIENT = new ClientRegistration(TENANT, "rollout-worker", "s3cret:value");
    private static final String ARM = "https://management.azure.com/";

    private static Simulator simulator;
    private static RawArm arm;
    private static ScaleSetKey web;

    @BeforeAll
    static void start() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).client(CLIENT)
            .token("static-test-token").build());
        arm = new RawArm(simulator);
        web = ScaleSetKey.of(SdkClients.SUBSCRIPTION, ScaleSetFixture.RESOURCE_GROUP, "signin");
        simulator.createScaleSet(web, ScaleSetFixture.fastSpec().capacity(2).build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aClientSecretBuysASignedArmTokenThatResourceManagerAccepts() {
        HttpResponse<String> response = token(TENANT, CLIENT.clientId(), CLIENT.clientSecret(),
            "https://management.azure.com/.default");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = RawArm.json(response);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
        String token = body.path("access_token").asText();
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(arm.get(scaleSetUrl(), token).statusCode()).isEqualTo(200);
    }

    @Test
    void theMetadataNamesTheTokenEndpointAndTheKeysThatVerifyItsTokens() throws Exception {
        JsonNode metadata = RawArm.json(arm.get(TENANT + "/v2.0/.well-known/openid-configuration", null));
        assertThat(metadata.path("token_endpoint").asText())
            .isEqualTo(simulator.baseUrl() + TENANT + "/oauth2/v2.0/token");
        assertThat(metadata.path("issuer").asText()).isEqualTo(simulator.baseUrl() + TENANT + "/v2.0");

        JsonNode keys = RawArm.json(arm.get(metadata.path("jwks_uri").asText()
            .substring(simulator.baseUrl().toString().length()), null));
        String token = RawArm.json(token(TENANT, CLIENT.clientId(), CLIENT.clientSecret(), ARM + ".default"))
            .path("access_token").asText();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(keys.path("keys").get(0).path("kid").asText()).isEqualTo(jwt.getHeader().getKeyID());
        assertThat(keys.path("keys").get(0).has("d")).as("only the public key is published").isFalse();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(ARM);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("tid")).isEqualTo(TENANT);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("appid")).isEqualTo(CLIENT.clientId());
    }

    @Test
    void aWrongSecretAnUnknownClientAndAnUnknownTenantAreRefusedAsEntraRefusesThem() {
        HttpResponse<String> wrongSecret = token(TENANT, CLIENT.clientId(), "guess", ARM + ".default");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(RawArm.json(wrongSecret).path("error").asText()).isEqualTo("invalid_client");
        assertThat(RawArm.json(wrongSecret).path("error_description").asText()).startsWith("AADSTS7000215:");

        HttpResponse<String> unknownClient = token(TENANT, "someone-else", "x", ARM + ".default");
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(RawArm.json(unknownClient).path("error_codes").get(0).asInt()).isEqualTo(700016);

        HttpResponse<String> unknownTenant = token("not-a-tenant", CLIENT.clientId(), CLIENT.clientSecret(),
            ARM + ".default");
        assertThat(unknownTenant.statusCode()).isEqualTo(400);
        assertThat(RawArm.json(unknownTenant).path("error").asText()).isEqualTo("invalid_tenant");

        HttpResponse<String> notDefaultScope = token(TENANT, CLIENT.clientId(), CLIENT.clientSecret(),
            ARM + "user_impersonation");
        assertThat(RawArm.json(notDefaultScope).path("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void aTokenWhoseClaimsWereChangedAfterSigningIsRefused() {
        String expired = simulator.identity().issue(CLIENT, ARM, Instant.now().minus(Duration.ofHours(2)),
            Duration.ofHours(1), simulator.baseUrl().toString());
        String[] parts = expired.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        long exp = RawArm.json(payload).path("exp").asLong();
        String extended = payload.replace("\"exp\":" + exp, "\"exp\":" + (exp + 86_400));
        assertThat(extended).isNotEqualTo(payload);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(extended.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        HttpResponse<String> response = arm.get(scaleSetUrl(), forged);

        assertUnauthorized(response, "InvalidAuthenticationToken");
        assertThat(RawArm.json(response).path("error").path("message").asText()).contains("signature");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String graph = simulator.identity().issue(CLIENT, "https://graph.microsoft.com", Instant.now(),
            Duration.ofHours(1), simulator.baseUrl().toString());

        HttpResponse<String> response = arm.get(scaleSetUrl(), graph);

        assertUnauthorized(response, "InvalidAuthenticationTokenAudience");
        assertThat(RawArm.json(response).path("error").path("message").asText())
            .contains("'https://graph.microsoft.com'").contains("'https://management.azure.com/'");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = simulator.identity().issue(CLIENT, ARM, Instant.now().minus(Duration.ofMinutes(61)),
            Duration.ofHours(1), simulator.baseUrl().toString());

        HttpResponse<String> response = arm.get(scaleSetUrl(), expired);

        assertUnauthorized(response, "ExpiredAuthenticationToken");
        assertThat(RawArm.json(response).path("error").path("message").asText())
            .startsWith("The access token expiry UTC time '");
    }

    @Test
    void onceClientsAreRegisteredAnArbitraryBearerTokenIsRefusedAndTheStaticOneStillWorks() {
        assertUnauthorized(arm.get(scaleSetUrl(), "any-token"), "InvalidAuthenticationToken");
        assertThat(arm.get(scaleSetUrl(), "static-test-token").statusCode()).isEqualTo(200);
    }

    private static void assertUnauthorized(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RawArm.json(response).path("error").path("code").asText()).isEqualTo(code);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
            .startsWith("Bearer authorization_uri=");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    }

    private static String scaleSetUrl() {
        return RawArm.scaleSetPath(web) + "?" + RawArm.API_VERSION;
    }

    private static HttpResponse<String> token(String tenant, String clientId, String secret, String scope) {
        return arm.postForm(tenant + "/oauth2/v2.0/token", "grant_type=client_credentials&client_id="
            + encode(clientId) + "&client_secret=" + encode(secret) + "&scope=" + encode(scope));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
