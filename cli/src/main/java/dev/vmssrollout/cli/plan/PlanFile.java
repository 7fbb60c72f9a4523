package dev.vmssrollout.cli.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vmssrollout.cli.CliException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan file: JSON or YAML in the API's request shape (also the {@code plan} of a rollout the API
 * shows, so a past plan can be submitted again). YAML reads {@code version: 1.10} as a number;
 * values the API wants as text are turned back into the text that was written.
 */
final class PlanFile {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // 1.10 must stay "1.10", not become 1.1
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final Map<String, List<String>> TEXT_FIELDS = Map.of(
            "target", List.of("subscriptionId", "resourceGroup", "scaleSet"),
            "image", List.of("version", "sku", "id", "osDiskImageUri"),
            "strategy", List.of("pauseBetweenWaves"),
            "health", List.of("timeout", "minReady"));
    private static final Map<String, List<String>> DURATIONS = Map.of(
            "strategy", List.of("pauseBetweenWaves"),
            "health", List.of("timeout", "minReady"));

    private PlanFile() {
    }

    static ObjectNode read(String file, InputStream stdin) {
        boolean fromStdin = "-".equals(file);
        String name = fromStdin ? "stdin" : file;
        String text;
        try {
            text = fromStdin ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.badInput("plan file " + file + " does not exist");
        } catch (IOException e) {
            throw CliException.badInput("cannot read plan file " + name + ": " + e.getMessage());
        }
        if (text.isBlank()) {
            throw CliException.badInput("plan file " + name + " is empty; it must hold a rollout plan "
                    + "(target, image, and optionally strategy, approval, health, onFailure)");
        }
        boolean json = isJson(file, text);
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw CliException.badInput("plan file " + name + " is not valid " + (json ? "JSON" : "YAML") + where
                    + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw CliException.badInput("plan file " + name + " must hold one rollout plan object "
                    + "(target, image, and optionally strategy, approval, health, onFailure)");
        }
        return normalise((ObjectNode) root);
    }

    private static boolean isJson(String file, String text) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return true;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return false;
        }
        return text.stripLeading().startsWith("{");
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
