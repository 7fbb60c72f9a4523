package dev.vmssrollout.cli.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vmssrollout.cli.api.DocumentFile;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A plan file: JSON or YAML in the API's request shape (also the {@code plan} of a rollout the API
 * shows, so a past plan can be submitted again). YAML reads {@code version: 1.10} as a number;
 * values the API wants as text are turned back into the text that was written.
 */
final class PlanFile {

    private static final Map<String, List<String>> TEXT_FIELDS = Map.of(
            "target", List.of("subscriptionId", "resourceGroup", "scaleSet"),
            "image", List.of("version", "sku", "id", "osDiskImageUri"),
            "strategy", List.of("pauseBetweenWaves"),
            "health", List.of("timeout", "minReady", "waveDeadline"));
    private static final Map<String, List<String>> DURATIONS = Map.of(
            "strategy", List.of("pauseBetweenWaves"),
            "health", List.of("timeout", "minReady", "waveDeadline"));

    private PlanFile() {
    }

    static ObjectNode read(String file, InputStream stdin) {
        return normalise(DocumentFile.read(file, stdin, "plan file", "rollout plan",
                "target, image, and optionally strategy, approval, health, onFailure"));
    }

    /**
     * Numbers where the API wants text become that text; short durations ({@code 30s}) and enum values
     * in the CLI's spelling ({@code first-wave}) become the API's. Anything else stays as written, for
     * the API to judge.
     */
    static ObjectNode normalise(ObjectNode plan) {
        TEXT_FIELDS.forEach((section, fields) -> {
            if (plan.get(section) instanceof ObjectNode object) {
                fields.forEach(field -> {
                    JsonNode value = object.get(field);
                    if (value != null && value.isNumber()) {
                        object.put(field, value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
                    }
                });
            }
        });
        DURATIONS.forEach((section, fields) -> {
            if (plan.get(section) instanceof ObjectNode object) {
                fields.forEach(field -> {
                    JsonNode value = object.get(field);
                    String iso = value != null && value.isTextual() ? Durations.iso(value.asText()) : null;
                    if (iso != null) {
                        object.put(field, iso);
                    }
                });
            }
        });
        if (plan.get("strategy") instanceof ObjectNode strategy) {
            if (strategy.get("instanceIds") instanceof ArrayNode ids) {
                for (int i = 0; i < ids.size(); i++) {
                    if (ids.get(i).isNumber()) {
                        ids.set(i, TextNode.valueOf(ids.get(i).asText()));
                    }
                }
            }
            choice(strategy, "mode", Choices.BY);
        }
        if (plan.get("approval") instanceof ObjectNode approval) {
            choice(approval, "mode", Choices.APPROVAL);
        }
        choice(plan, "onFailure", Choices.ON_FAILURE);
        return plan;
    }

    private static void choice(ObjectNode object, String field, Map<String, String> choices) {
        JsonNode value = object.get(field);
        if (value != null && value.isTextual()) {
            String constant = Choices.normalise(value.asText(), choices);
            if (constant != null) {
                object.put(field, constant);
            }
        }
    }
}
