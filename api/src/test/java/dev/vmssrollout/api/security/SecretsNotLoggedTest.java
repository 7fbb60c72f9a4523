package dev.vmssrollout.api.security;

import com.jayway.jsonpath.JsonPath;
import dev.vmssrollout.api.temporal.TemporalProperties;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole run (the stack and the API starting, sign-ins right and wrong, a rollout from submission through two
 * approvals to success, refusals) with a database password, a Temporal API key, an ARM bearer token and HTTP Basic
 * passwords configured, and debug logging on: none of those secrets may appear in anything it printed.
 * <p>
 * First of the module's test classes ({@code @Order(1)}), so that the context it shares with the other security
 * tests starts inside its output capture; it checks that it saw that start.
 */
@Order(1)
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest extends SecurityTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    TemporalProperties temporal;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFullRunPrintsNoneOfTheConfiguredSecrets(CapturedOutput output) throws Exception {
        assertThat(output.getAll()).as("the capture saw the stack and the API start")
                .contains("Started " + getClass().getSimpleName(), "secure-stack-worker", "HikariPool");
        SecureStack.get().scaleSet("secrets");

        // Wrong passwords: another user's, at the API and at the dashboard's sign-in.
        assertThat(call("GET", "/api/v1/rollouts", "alice", password("bob"), null).statusCode()).isEqualTo(401);
        assertThat(signIn("bob", password("alice")).statusCode()).isEqualTo(401);
        assertThat(signIn("bob", password("bob")).statusCode()).isEqualTo(200);

        HttpResponse<String> submitted = call("POST", "/api/v1/rollouts", "alice", password("alice"),
                EndpointSecurityTest.body("secrets", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}"));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = JsonPath.read(submitted.body(), "$.id");
        assertThat(call("POST", "/api/v1/rollouts/" + id + "/approve", "alice", password("alice"), null).statusCode())
                .isIn(403, 409);
        approve(id, 0, "bob");
        approve(id, 1, "ann");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "SUCCEEDED".equals(JsonPath.read(get(id), "$.state")));
        assertThat(call("POST", "/api/v1/rollouts/preview", "sam", password("sam"),
                EndpointSecurityTest.body("not-there", "")).statusCode()).isEqualTo(422);
        assertThat(call("POST", "/api/v1/rollouts/" + id + "/pause", "vera", password("vera"), null).statusCode())
                .isEqualTo(403);

        String everything = output.getAll();
        List<String> leaked = new ArrayList<>();
        for (Map.Entry<String, String> secret : SecureStack.get().secrets().entrySet()) {
            if (everything.contains(secret.getValue())) {
                leaked.add(secret.getKey());
            }
        }
        // Not in the logs, and not one careless log.info("{}", settings) away from them either.
        if (temporal.toString().contains(SecureStack.get().temporalApiKey)) {
            leaked.add("Temporal API key in TemporalProperties.toString()");
        }
        if (SecureStack.get().azure.toString().contains(SecureStack.get().armToken)) {
            leaked.add("ARM bearer token in AzureSettings.toString()");
        }
        System.out.println("[reliability] secrets: " + SecureStack.get().secrets().size() + " configured secrets "
                + "searched in " + everything.lines().count() + " lines of log output of a full run; leaked: " + leaked);
        assertThat(leaked).isEmpty();
    }

    private void approve(String id, int wave, String user) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Integer.valueOf(wave).equals(JsonPath.read(get(id), "$.waitingForApprovalWave")));
        HttpResponse<String> approved = call("POST", "/api/v1/rollouts/" + id + "/approve", user, password(user), null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
    }

    private String get(String id) {
        return call("GET", "/api/v1/rollouts/" + id, "vera", password("vera"), null).body();
    }

    private HttpResponse<String> signIn(String user, String password) {
        String form = "username=" + user + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SessionLogin.PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(BrowserRequestGuard.HEADER, BrowserRequestGuard.VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> call(String method, String path, String user, String password, String json) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
