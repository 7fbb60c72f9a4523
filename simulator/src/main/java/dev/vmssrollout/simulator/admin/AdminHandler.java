package dev.vmssrollout.simulator.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.compute.AsyncOperation;
import dev.vmssrollout.simulator.compute.Health;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetRegistry;
import dev.vmssrollout.simulator.http.Handler;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;
import dev.vmssrollout.simulator.json.Json;
import dev.vmssrollout.simulator.metrics.PrometheusText;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The admin endpoint under {@code /simulator/v1/subscriptions/{s}/resourceGroups/{rg}/virtualMachineScaleSets/{name}}:
 * create or replace a scale set, scale it, set its faults, turn its running instances unhealthy or healthy
 * ({@code PUT .../health}), read or reset its report, scrape its application metrics
 * ({@code GET .../metrics}, Prometheus text). No token needed.
 */
public final class AdminHandler implements Handler {
    private static final String[] PREFIX = {"simulator", "v1", "subscriptions", null, "resourceGroups", null,
        "virtualMachineScaleSets", null};
    private final ScaleSetRegistry scaleSets;

    public AdminHandler(ScaleSetRegistry scaleSets) {
        this.scaleSets = scaleSets;
    }

    public static boolean handles(Request request) {
        return request.pathStartsWith("simulator");
    }

    @Override
    public Response handle(Request request) {
        try {
            return route(request);
        } catch (ArmException e) {
            return Response.error(e.status(), e.error());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Response.error(400, new ArmError("InvalidRequest", e.getMessage()));
        }
    }

    private Response route(Request request) throws JsonProcessingException {
        if (!request.pathStartsWith(PREFIX)) {
            throw new ArmException(404, "NotFound", "No admin resource at " + request.rawPath());
        }
        List<String> segments = request.segments();
        ScaleSetKey key = new ScaleSetKey(segments.get(3), segments.get(5), segments.get(7));
        String rest = String.join("/", segments.subList(PREFIX.length, segments.size())).toLowerCase(Locale.ROOT);
        return switch (request.method().toUpperCase(Locale.ROOT) + " " + rest) {
            case "PUT " -> createScaleSet(key, request);
            case "PUT faults" -> setFaults(key, request);
            case "PUT capacity" -> scale(key, request);
            case "PUT health" -> reportHealth(key, request);
            case "GET faults" -> Response.json(200, scaleSets.require(key).faults());
            case "GET report" -> Response.json(200, scaleSets.require(key).report());
            case "GET metrics" -> Response.text(200, PrometheusText.CONTENT_TYPE,
                PrometheusText.render(scaleSets.require(key), Instant.now()));
            case "POST report/reset", "DELETE report" -> resetReport(key);
            default -> throw new ArmException(404, "NotFound", "No admin operation "
                + request.method() + " " + request.rawPath());
        };
    }

    private Response createScaleSet(ScaleSetKey key, Request request) throws JsonProcessingException {
        AdminScaleSetRequest body = Json.MAPPER.treeToValue(requireBody(request), AdminScaleSetRequest.class);
        ScaleSetSpec spec = body.toSpec();
        ScaleSet created = scaleSets.put(key, spec);
        ObjectNode summary = Json.object().put("id", created.key().resourceId());
        summary.setAll((ObjectNode) Json.MAPPER.valueToTree(AdminScaleSetRequest.of(spec)));
        return Response.json(200, summary);
    }

    private Response setFaults(ScaleSetKey key, Request request) throws JsonProcessingException {
        Faults faults = Json.MAPPER.treeToValue(requireBody(request), Faults.class);
        scaleSets.require(key).setFaults(faults);
        return Response.json(200, faults);
    }

    /** {@code {"health":"unhealthy"}} (or healthy): what every running instance's application now reports. */
    private Response reportHealth(ScaleSetKey key, Request request) {
        String value = requireBody(request).path("health").asText("");
        Health health = switch (value.toLowerCase(Locale.ROOT)) {
            case "healthy" -> Health.HEALTHY;
            case "unhealthy" -> Health.UNHEALTHY;
            default -> throw new IllegalArgumentException("health must be \"healthy\" or \"unhealthy\", not \""
                + value + "\"");
        };
        int changed = scaleSets.require(key).reportHealth(health);
        return Response.json(200, Json.object().put("health", value.toLowerCase(Locale.ROOT)).put("changed", changed));
    }

    /** {@code {"capacity":N}}: scale out or in as a PATCH of sku.capacity would, answering once the change began. */
    private Response scale(ScaleSetKey key, Request request) {
        JsonNode capacity = requireBody(request).path("capacity");
        if (!capacity.isInt()) {
            throw new IllegalArgumentException("capacity must be a whole number");
        }
        ScaleSet scaleSet = scaleSets.require(key);
        AsyncOperation operation = scaleSet.scaleTo(capacity.asInt());
        return Response.json(200, Json.object().put("capacity", scaleSet.model().capacity())
            .put("etag", scaleSet.etag()).put("operationId", operation.id()));
    }

    private Response resetReport(ScaleSetKey key) {
        ScaleSet scaleSet = scaleSets.require(key);
        scaleSet.resetReport();
        return Response.json(200, scaleSet.report());
    }

    private static JsonNode requireBody(Request request) {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object.");
        }
        return body;
    }
}
