package dev.vmssrollout.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The permissions of the caller, as an Azure role definition grants them: {@code actions} allowed unless a
 * {@code notActions} entry takes them away. Entries may hold {@code *} wildcards; matching ignores case, as Azure's does.
 *
 * @param name the role's name, for messages
 */
public record RoleDefinition(String name, List<String> actions, List<String> notActions) {

    public RoleDefinition {
        name = name == null || name.isBlank() ? "custom role" : name;
        actions = List.copyOf(actions);
        notActions = notActions == null ? List.of() : List.copyOf(notActions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a role definition needs at least one action");
        }
    }

    /**
     * Reads the JSON that {@code az role definition create --role-definition} takes ({@code Name}, {@code Actions},
     * {@code NotActions}) or the REST form ({@code properties.roleName}, {@code properties.permissions[].actions}).
     */
    public static RoleDefinition parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the role definition is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the role definition must be a JSON object");
        }
        JsonNode properties = root.path("properties");
        if (properties.isObject()) {
            List<String> actions = new ArrayList<>();
            List<String> notActions = new ArrayList<>();
            for (JsonNode permission : properties.path("permissions")) {
                actions.addAll(strings(permission, "actions"));
                notActions.addAll(strings(permission, "notActions"));
            }
            return new RoleDefinition(properties.path("roleName").asText(null), actions, notActions);
        }
        return new RoleDefinition(root.path("Name").asText(null), strings(root, "Actions"), strings(root, "NotActions"));
    }

    /** Whether the role lets its holder perform {@code action}, e.g. {@code Microsoft.Compute/virtualMachineScaleSets/write}. */
    public boolean allows(String action) {
        return actions.stream().anyMatch(granted -> matches(granted, action))
            && notActions.stream().noneMatch(taken -> matches(taken, action));
    }

    private static boolean matches(String pattern, String action) {
        String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
        return action.toLowerCase(Locale.ROOT).matches(regex);
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode values = node.path(field);
        if (values.isMissingNode() || values.isNull()) {
            return List.of();
        }
        if (!values.isArray()) {
            throw new IllegalArgumentException("'" + field + "' of the role definition must be a list of actions");
        }
        List<String> result = new ArrayList<>();
        values.forEach(value -> result.add(value.asText()));
        return result;
    }
}
