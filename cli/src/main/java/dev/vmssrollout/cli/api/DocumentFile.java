package dev.vmssrollout.cli.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file the user wrote for a request body: one JSON or YAML object, from a path or from stdin ({@code -}). YAML
 * reads {@code version: 1.10} as a number; decimals are kept as written so that callers can turn them back into text.
 */
public final class DocumentFile {

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

    private DocumentFile() {
    }

    /** An answer of the API as YAML, read as plan files are, so numbers keep the digits the API sent. */
    public static String yamlOf(String json) {
        try {
            return YAML.writeValueAsString(JSON.readTree(json)).stripTrailing();
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "the API answered something that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code file} ({@code -}: stdin). {@code kind} names it in messages ("plan file"), {@code noun} what it holds
     * ("rollout plan") and {@code fields} the fields that make one, for the message when it holds something else.
     */
    public static ObjectNode read(String file, InputStream stdin, String kind, String noun, String fields) {
        boolean fromStdin = "-".equals(file);
        String name = fromStdin ? "stdin" : file;
        String text;
        try {
            text = fromStdin ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.badInput(kind + " " + file + " does not exist");
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + kind + " " + name + ": " + e.getMessage());
        }
        if (text.isBlank()) {
            throw CliException.badInput(kind + " " + name + " is empty; it must hold a " + noun + " (" + fields + ")");
        }
        boolean json = isJson(file, text);
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw CliException.badInput(kind + " " + name + " is not valid " + (json ? "JSON" : "YAML") + where
                    + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw CliException.badInput(kind + " " + name + " must hold one " + noun + " object (" + fields + ")");
        }
        return (ObjectNode) root;
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
}
