package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The REST API as a test reads it: rollouts as JSON, polled until a condition holds. Public for the reliability
 * suite.
 */
public final class RolloutApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "ROLLED_BACK");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RolloutApi(URI base) {
        this.base = base;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    public HttpResponse<String> send(String method, String path, String user, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode rollout(String id) {
        HttpResponse<String> response = send("GET", "/api/v1/rollouts/" + id, "alice", null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET rollout " + id + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** Polls the rollout until {@code condition} holds; fails at once when it ends without it. */
    public JsonNode awaitRollout(String id, Duration deadline, String description, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await(description).atMost(deadline).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    last[0] = rollout(id);
                    if (condition.test(last[0])) {
                        return true;
                    }
                    if (TERMINAL.contains(last[0].path("state").asText())) {
                        throw new AssertionError("rollout " + id + " ended " + last[0].path("state").asText()
                                + " before " + description + ": " + last[0].toPrettyString());
                    }
                    return false;
                });
        return last[0];
    }

    /** Polls the release until {@code condition} holds, as {@link #awaitRollout} polls a rollout. */
    public JsonNode awaitRelease(String id, Duration deadline, String description, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await(description).atMost(deadline).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    HttpResponse<String> response = send("GET", "/api/v1/releases/" + id, "alice", null);
                    if (response.statusCode() != 200) {
                        throw new AssertionError("GET release " + id + " answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    last[0] = json(response.body());
                    return condition.test(last[0]);
                });
        return last[0];
    }

    /** Started and not finished: its manualupgrade is being sent, or its instances upgrade and boot. */
    public static boolean inProgress(JsonNode wave) {
        String state = wave.path("state").asText();
        return state.equals("UPGRADING") || state.equals("VERIFYING");
    }

    static boolean anyWaveInProgress(JsonNode rollout) {
        for (JsonNode wave : rollout.path("waves")) {
            if (inProgress(wave)) {
                return true;
            }
        }
        return false;
    }
}
