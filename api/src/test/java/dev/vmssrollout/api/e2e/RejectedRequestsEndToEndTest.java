package dev.vmssrollout.api.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Each refused submission gets its 4xx and leaves the rollouts table as it was. */
class RejectedRequestsEndToEndTest extends EndToEndTestSupport {

    @LocalServerPort
    int port;

    private ResultActions submitting(String user, String json) throws Exception {
        return mvc.perform(post("/api/v1/rollouts")
                .with(httpBasic(user, user)).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void refusedSubmissionsWriteNothing() throws Exception {
        LocalStack.get().scaleSet("e2e-refused", 20, 30, 20);
        long before = rolloutRows();

        submitting("alice", "{\"target\": ").andExpect(status().isBadRequest());
        submitting("alice", body("e2e-refused", ", \"approval\": {\"mode\": \"MAYBE\"}")).andExpect(status().isBadRequest());
        submitting("alice", "{\"image\": {\"version\": \"24.04.202410010\"}}").andExpect(status().isBadRequest());
        submitting("alice", body("e2e-refused", ", \"strategy\": {\"mode\": \"BATCH\", \"batchSize\": 0}"))
                .andExpect(status().isBadRequest());
        submitting("alice", body("e2e-refused", ", \"padding\": \"" + "x".repeat(65 * 1024) + "\""))
                .andExpect(status().isPayloadTooLarge());
        submitting("alice", body("does-not-exist", ""))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail", containsString("does-not-exist")))
                .andExpect(jsonPath("$.scaleSet", containsString("/virtualMachineScaleSets/does-not-exist")));
        submitting("alice", body("e2e-refused", ", \"strategy\": {\"mode\": \"INSTANCES\", \"instanceIds\": [\"1\", \"77\"]}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.violations[0].field").value("strategy.instanceIds"))
                .andExpect(jsonPath("$.violations[0].message", containsString("77")));
        submitting("alice", body("e2e-refused", ", \"strategy\": {\"mode\": \"BATCH\", \"batchSize\": 20}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.violations[0].message", containsString("out of service")));
        submitting("alice", body("e2e-refused", "").replace("24.04.202410010", "24.04.202409010"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.violations[0].message", containsString("nothing to upgrade")));
        mvc.perform(post("/api/v1/rollouts")
                        .contentType(MediaType.APPLICATION_JSON).content(body("e2e-refused", "")))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/rollouts")
                        .with(user("viewer").authorities(() -> "rollout.approve"))
                        .contentType(MediaType.APPLICATION_JSON).content(body("e2e-refused", "")))
                .andExpect(status().isForbidden());

        assertThat(rolloutRows()).isEqualTo(before);
    }

    @Test
    void chunkedBodyOverTheLimitIs413OverRealHttp() throws Exception {
        byte[] big = body("e2e-refused", ", \"padding\": \"" + "x".repeat(80 * 1024) + "\"").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rollouts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
                // An input stream has no known length: the client sends it chunked, without Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        long before = rolloutRows();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(rolloutRows()).isEqualTo(before);
    }
}
