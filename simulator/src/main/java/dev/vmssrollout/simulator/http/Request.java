package dev.vmssrollout.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.Headers;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, decoded: path segments, query parameters, headers and body.
 *
 * @param baseUrl {@code https://<Host header>/}, so links handed out work for whatever host name the client used
 */
public record Request(String method, String rawPath, List<String> segments, Map<String, String> query,
                      Headers headers, byte[] body, String baseUrl) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The body as JSON; an empty body reads as JSON null. */
    public JsonNode json() {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ArmException(400, "InvalidRequestContent", "The request content is not valid JSON: "
                + e.getMessage());
        }
    }

    /** Whether {@code segments} start with {@code expected}, ignoring case as ARM does. */
    public boolean pathStartsWith(String... expected) {
        if (segments.size() < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != null && !expected[i].equalsIgnoreCase(segments.get(i))) {
                return false;
            }
        }
        return true;
    }
}
