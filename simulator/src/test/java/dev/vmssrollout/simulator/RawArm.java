package dev.vmssrollout.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTPS calls to a simulator, for what the SDK hides: status codes, headers, admin endpoints. */
final class RawArm {
    static final String API_VERSION = "api-version=2025-04-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Simulator simulator;
    private final HttpClient client;

    RawArm(Simulator simulator) {
        this.simulator = simulator;
        this.client = SdkClients.jdkClient(simulator);
    }

    static String scaleSetPath(ScaleSetKey key) {
        return key.resourceId().substring(1);
    }

    static String adminPath(ScaleSetKey key) {
        return "simulator/v1/subscriptions/" + key.subscriptionId() + "/resourceGroups/" + key.resourceGroup()
            + "/virtualMachineScaleSets/" + key.name();
    }

    HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** An HTML form POST, as OAuth token requests are. */
    HttpResponse<String> postForm(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
