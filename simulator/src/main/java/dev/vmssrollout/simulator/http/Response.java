package dev.vmssrollout.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response with an optional JSON body, or a text body (the Prometheus exposition format). */
public final class Response {
    private final int status;
    private final JsonNode body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String text;

    private Response(int status, JsonNode body) {
        this.status = status;
        this.body = body;
    }

    /** A text body of {@code contentType}. */
    public static Response text(int status, String contentType, String text) {
        Response response = new Response(status, null);
        response.text = text;
        response.headers.put("Content-Type", contentType);
        return response;
    }

    public static Response json(int status, JsonNode body) {
        return new Response(status, body);
    }

    public static Response json(int status, Object body) {
        return new Response(status, Json.MAPPER.valueToTree(body));
    }

    public static Response empty(int status) {
        return new Response(status, null);
    }

    /** ARM's error shape: {@code {"error":{"code":..,"message":..}}}. */
    public static Response error(int status, ArmError error) {
        return new Response(status, Json.object().set("error", Json.MAPPER.valueToTree(error)));
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }

    /** The text body, or null for a JSON or empty response. */
    public String text() {
        return text;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
