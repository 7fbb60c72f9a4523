package dev.vmssrollout.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vmssrollout.cli.CliException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ~/.config/vmss-rollout/config.yaml}: {@code apiUrl}, {@code user}, {@code password} and
 * {@code subscription}, all optional.
 */
public record ConfigFile(Path path, String apiUrl, String user, String password, String subscription) {

    static final List<String> KEYS = List.of("apiUrl", "user", "password", "subscription");

    static ConfigFile empty(Path path) {
        return new ConfigFile(path, null, null, null, null);
    }

    /**
     * Reads the file; a missing file is an empty configuration unless the user named it. Unknown keys
     * are reported, not fatal: a typo such as {@code apiURL} should not go unnoticed.
     */
    static ConfigFile load(Path path, boolean named, PrintWriter err) {
        if (!Files.exists(path)) {
            if (named) {
                throw CliException.badInput("config file " + path + " does not exist; create it (keys: "
                        + String.join(", ", KEYS) + ") or unset VMSS_ROLLOUT_CONFIG / drop --config");
            }
            return empty(path);
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw CliException.badInput("config file " + path + " is not valid YAML: " + e.getOriginalMessage()
                    + location(e) + "; fix it or point VMSS_ROLLOUT_CONFIG elsewhere");
        } catch (IOException e) {
            throw CliException.badInput("cannot read config file " + path + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return empty(path);
        }
        if (!root.isObject()) {
            throw CliException.badInput("config file " + path + " must be a mapping of " + String.join(", ", KEYS));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            err.println("warning: config file " + path + " has unknown keys " + unknown + " (ignored); known keys: "
                    + String.join(", ", KEYS));
        }
        ConfigFile config = new ConfigFile(path, text(root, "apiUrl", path), text(root, "user", path),
                text(root, "password", path), text(root, "subscription", path));
        if (config.password() != null && readableByOthers(path)) {
            err.println("warning: config file " + path + " holds a password and others can read it; run: chmod 600 " + path);
        }
        return config;
    }

    private static String text(JsonNode root, String key, Path path) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw CliException.badInput("config file " + path + ": " + key + " must be a single value");
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static boolean readableByOthers(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false; // not a POSIX file system: nothing we can check
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
