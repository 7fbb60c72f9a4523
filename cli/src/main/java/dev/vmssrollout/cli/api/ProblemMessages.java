package dev.vmssrollout.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.cli.config.Settings;
import dev.vmssrollout.cli.config.SettingsResolver;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an error answer of the API, an RFC 7807 problem as a rule, into text for people: title,
 * status and detail, one line per violation with its field, the problem's other members, and
 * what to do next.
 */
final class ProblemMessages {

    private static final Set<String> SHOWN_APART = Set.of("type", "title", "status", "detail", "instance",
            "violations", "errors");
    private static final Pattern ROLLOUT_PATH = Pattern.compile(".*/api/v1/rollouts/([^/?]+).*");
    private static final int MAX_RAW_BODY = 300;

    private ProblemMessages() {
    }

    static String describe(int status, String body, String method, URI uri, Settings settings) {
        JsonNode problem = Json.parseOrNull(body);
        if (problem == null || !problem.isObject()) {
            return notAProblem(status, body, method, uri, settings);
        }
        StringBuilder text = new StringBuilder();
        String title = problem.path("title").asText("HTTP " + status);
        text.append(title).append(" (").append(status).append(")");
        String detail = problem.path("detail").asText("");
        if (!detail.isBlank()) {
            text.append(": ").append(detail);
        }
        listItems(text, problem.get("violations"));
        listItems(text, problem.get("errors"));
        for (Iterator<Map.Entry<String, JsonNode>> it = problem.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (!SHOWN_APART.contains(member.getKey()) && !member.getValue().isNull()) {
                JsonNode value = member.getValue();
                text.append("\n  ").append(member.getKey()).append(": ")
                        .append(value.isValueNode() ? value.asText() : value.toString());
            }
        }
        text.append('\n').append(nextStep(status, problem, uri, settings));
        return text.toString();
    }

    /** {@code violations}/{@code errors}: objects with a field and a message, or plain strings. */
    private static void listItems(StringBuilder text, JsonNode items) {
        if (items == null || !items.isArray()) {
            return;
        }
        for (JsonNode item : items) {
            text.append("\n  - ");
            if (item.isObject()) {
                String field = firstText(item, "field", "pointer", "name", "parameter");
                String message = firstText(item, "message", "detail", "reason", "title");
                if (field != null) {
                    text.append(field).append(": ");
                }
                text.append(message != null ? message : item.toString());
            } else {
                text.append(item.asText());
            }
        }
    }

    private static String nextStep(int status, JsonNode problem, URI uri, Settings settings) {
        String rolloutId = rolloutId(uri);
        return switch (status) {
            case 400, 413, 415, 422 -> "Fix the input and try again; nothing was changed.";
            case 401 -> settings.user() == null
                    ? "No user is set: give --user (or " + SettingsResolver.ENV_USER + ") and the password in "
                    + SettingsResolver.ENV_PASSWORD + " (or --password-file)."
                    : settings.password() == null
                    ? "No password for user " + settings.user() + ": set " + SettingsResolver.ENV_PASSWORD
                    + " (preferred) or give --password-file FILE."
                    : "Check the password of user " + settings.user() + " (it came from " + settings.passwordSource()
                    + "); the password is taken from --password, --password-file, " + SettingsResolver.ENV_PASSWORD
                    + " or the config file, in that order.";
            case 403 -> problem.path("type").asText("").endsWith("four-eyes")
                    ? "Another approver must run this command (--user NAME)."
                    : "User " + settings.user() + " may not do this" + (problem.hasNonNull("requiredRole")
                    ? " without role " + problem.get("requiredRole").asText() : "")
                    + "; ask for that role or run as another user (--user NAME).";
            case 404 -> "Check the rollout ID; 'vmss-rollout list' shows the rollouts.";
            case 409 -> problem.hasNonNull("activeRolloutId")
                    ? "Follow it with 'vmss-rollout status " + problem.get("activeRolloutId").asText()
                    + " --watch', or cancel it with 'vmss-rollout cancel " + problem.get("activeRolloutId").asText() + "'."
                    : rolloutId != null ? "See where it stands with 'vmss-rollout status " + rolloutId + "'."
                    : "Nothing was changed; see where the rollouts stand with 'vmss-rollout list'.";
            case 502 -> "Azure refused or failed the request; see the detail above.";
            case 503, 504 -> "The API or a service it needs is unavailable; try again shortly.";
            case 500 -> "The API failed unexpectedly; try again, and if it persists, tell its operators"
                    + (problem.hasNonNull("errorId") ? " errorId " + problem.get("errorId").asText() : "") + ".";
            default -> "Unexpected for this CLI: is the API at " + settings.apiUrl() + " the same version?";
        };
    }

    private static String notAProblem(int status, String body, String method, URI uri, Settings settings) {
        StringBuilder text = new StringBuilder("HTTP ").append(status).append(" from ").append(method).append(' ')
                .append(uri);
        String raw = body == null ? "" : body.strip();
        if (!raw.isEmpty()) {
            text.append(": ").append(raw.length() > MAX_RAW_BODY ? raw.substring(0, MAX_RAW_BODY) + "..." : raw);
        }
        if (status == 404 || status == 405) {
            text.append("\nThe server has no such endpoint: is ").append(settings.apiUrl())
                    .append(" the vmss-rollout API (").append(settings.apiUrlOrigin()).append(")?");
        } else if (status == 401 || status == 403) {
            text.append('\n').append(nextStep(status, Json.MAPPER.createObjectNode(), uri, settings));
        } else {
            text.append("\nThe answer is not a problem document of the vmss-rollout API; check the API URL (")
                    .append(settings.apiUrlOrigin()).append(") and any proxy in between.");
        }
        return text.toString();
    }

    private static String rolloutId(URI uri) {
        Matcher matcher = ROLLOUT_PATH.matcher(uri.getRawPath());
        if (!matcher.matches() || "preview".equals(matcher.group(1))) {
            return null;
        }
        return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return node.get(name).asText();
            }
        }
        return null;
    }
}
