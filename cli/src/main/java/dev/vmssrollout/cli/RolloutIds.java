package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.cli.api.ApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what the user typed for a rollout into its ID: a whole ID as it is, anything else as the
 * start of one, looked up in the newest rollouts with a single list call.
 */
final class RolloutIds {

    /** The API gives rollouts UUIDs; one typed out in full needs no look-up. */
    private static final Pattern WHOLE_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** The API's largest page (RolloutQuery.MAX_LIMIT): one call looks at as many rollouts as it can. */
    private static final int LARGEST_PAGE = 200;
    private static final int MOST_CANDIDATES_SHOWN = 10;

    private final ApiClient api;

    RolloutIds(ApiClient api) {
        this.api = api;
    }

    String resolve(String typed) {
        String prefix = typed == null ? "" : typed.trim();
        if (prefix.isEmpty()) {
            throw CliException.badInput("a rollout ID (or the start of one) is required");
        }
        if (WHOLE_ID.matcher(prefix).matches()) {
            return prefix;
        }
        JsonNode page = api.get(ApiClient.ROLLOUTS + "?limit=" + LARGEST_PAGE).json();
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            String id = item.path("id").asText("");
            if (id.equals(prefix)) {
                return id;
            }
            if (id.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                candidates.add(item);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0).path("id").asText();
        }
        if (candidates.isEmpty()) {
            boolean partial = page.path("total").asLong(0) > page.path("items").size();
            throw new CliException(ExitCode.NOT_FOUND, "no rollout starts with '" + prefix + "'"
                    + (partial ? " among the newest " + page.path("items").size() + "; give its whole ID" : "")
                    + ". 'vmss-rollout list' shows the rollouts.");
        }
        throw CliException.badInput(ambiguous(prefix, candidates));
    }

    private static String ambiguous(String prefix, List<JsonNode> candidates) {
        StringBuilder message = new StringBuilder("'" + prefix + "' is the start of " + candidates.size()
                + " rollouts; type more of the ID:");
        candidates.stream().limit(MOST_CANDIDATES_SHOWN).forEach(item -> {
            JsonNode target = item.path("target");
            message.append("\n  ").append(item.path("id").asText())
                    .append("  ").append(target.path("resourceGroup").asText("?")).append('/')
                    .append(target.path("scaleSet").asText("?"))
                    .append("  ").append(item.path("state").asText("?"));
        });
        if (candidates.size() > MOST_CANDIDATES_SHOWN) {
            message.append("\n  ... and ").append(candidates.size() - MOST_CANDIDATES_SHOWN).append(" more");
        }
        return message.toString();
    }
}
