package dev.vmssrollout.worker.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.Notification;
import dev.vmssrollout.workflows.ReleaseNotification;

import java.util.LinkedHashMap;
import java.util.Map;

/** The body of a notification, in each webhook format. */
final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    static String render(Notification notification, WebhookFormat format, String link) {
        return write(switch (format) {
            case GENERIC -> generic(notification, link);
            case SLACK -> slack(notification, link);
            case TEAMS -> teams(notification, link);
        });
    }

    static String render(ReleaseNotification notification, WebhookFormat format, String link) {
        return write(switch (format) {
            case GENERIC -> generic(notification, link);
            case SLACK -> slack(notification, link);
            case TEAMS -> teams(notification, link);
        });
    }

    private static String write(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
    }

    /** "release 1b2c... is waiting for approval". */
    static String headline(ReleaseNotification notification) {
        return "release " + notification.releaseId() + " "
                + (notification.state() == RolloutState.WAITING_FOR_APPROVAL ? "is " : "") + words(notification.state());
    }

    private static ObjectNode generic(ReleaseNotification n, String link) {
        return JSON.createObjectNode()
                .put("kind", "release")
                .put("releaseId", n.releaseId())
                .put("idempotencyKey", n.idempotencyKey())
                .put("state", n.state().name())
                .put("message", n.message())
                .put("stage", n.stage())
                .put("stageNumber", n.stage() == null ? null : n.stage() + 1)
                .put("stageName", n.stageName())
                .put("stages", n.stageCount())
                .put("at", n.at().toString())
                .put("url", link);
    }

    private static ObjectNode slack(ReleaseNotification n, String link) {
        String release = link == null ? "`" + n.releaseId() + "`" : "<" + link + "|" + n.releaseId() + ">";
        ObjectNode body = JSON.createObjectNode()
                .put("text", "vmss-rollout: " + slackEscape(headline(n)) + ": " + slackEscape(n.message()));
        body.putArray("blocks").addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", "release " + release + " " + (n.state() == RolloutState.WAITING_FOR_APPROVAL ? "is " : "")
                        + "*" + words(n.state()) + "*\n" + slackEscape(n.message()));
        return body;
    }

    private static ObjectNode teams(ReleaseNotification n, String link) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Release", teamsEscape(n.releaseId()));
        if (n.stage() != null) {
            facts.put("Stage", (n.stage() + 1) + " of " + n.stageCount() + ": " + teamsEscape(n.stageName()));
        }
        return teamsCard(headline(n), n.message(), facts, "Open the release", link);
    }

    /** "demo-rg/web is waiting for approval". */
    static String headline(Notification notification) {
        return notification.scaleSet() + " " + (notification.state() == RolloutState.WAITING_FOR_APPROVAL ? "is " : "")
                + words(notification.state());
    }

    private static ObjectNode generic(Notification n, String link) {
        ObjectNode body = JSON.createObjectNode()
                .put("rolloutId", n.rolloutId())
                .put("seq", n.seq())
                .put("idempotencyKey", n.idempotencyKey())
                .put("state", n.state().name())
                .put("event", n.event() == null ? n.state().name() : n.event().name())
                .put("message", n.message());
        body.putObject("scaleSet")
                .put("subscriptionId", n.scaleSet().subscriptionId())
                .put("resourceGroup", n.scaleSet().resourceGroup())
                .put("name", n.scaleSet().name())
                .put("id", n.scaleSet().resourceId());
        body.put("wave", n.wave()).put("waves", n.waveCount()).put("actor", n.actor())
                .put("at", n.at() == null ? null : n.at().toString())
                .put("url", link);
        return body;
    }

    private static ObjectNode slack(Notification n, String link) {
        String rollout = link == null ? "`" + n.rolloutId() + "`" : "<" + link + "|" + n.rolloutId() + ">";
        ObjectNode body = JSON.createObjectNode()
                // The top-level text is the notification Slack shows and pushes: it is mrkdwn too, where <!channel>
                // or <@U123> in an operator's reason would ping people.
                .put("text", "vmss-rollout: " + slackEscape(headline(n)) + ": " + slackEscape(n.message()));
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", "*" + slackEscape(n.scaleSet().toString()) + "*: rollout " + rollout + " "
                        + (n.state() == RolloutState.WAITING_FOR_APPROVAL ? "is " : "") + "*" + words(n.state())
                        + "*\n" + slackEscape(n.message()));
        return body;
    }

    private static ObjectNode teams(Notification n, String link) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Rollout", teamsEscape(n.rolloutId()));
        facts.put("Scale set", teamsEscape(n.scaleSet().resourceId()));
        if (n.wave() != null && n.waveCount() != null) {
            facts.put("Wave", (n.wave() + 1) + " of " + n.waveCount());
        }
        return teamsCard(headline(n), n.message(), facts, "Open the rollout", link);
    }

    /**
     * An Adaptive Card in a message envelope: what both Teams Workflows webhooks and incoming webhooks accept.
     * {@code facts} are escaped by the caller.
     */
    private static ObjectNode teamsCard(String headline, String message, Map<String, String> facts, String action,
                                        String link) {
        ObjectNode body = JSON.createObjectNode().put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode items = card.putArray("body");
        items.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
                .put("text", "vmss-rollout: " + teamsEscape(headline));
        items.addObject().put("type", "TextBlock").put("wrap", true).put("text", teamsEscape(message));
        ArrayNode factSet = items.addObject().put("type", "FactSet").putArray("facts");
        facts.forEach((title, value) -> factSet.addObject().put("title", title).put("value", value));
        if (link != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", action).put("url", link);
        }
        return body;
    }

    private static String words(RolloutState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /**
     * Adaptive Cards read TextBlock and Fact text as Markdown (links, emphasis, lists) and {@code <at>} as a mention:
     * operator text is shown as typed. Markdown punctuation gets a backslash, as CommonMark escapes it (a list marker only at a line's start); &amp;, &lt; and
     * &gt; become entities so no tag, quote or entity forms.
     */
    static String teamsEscape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '\\', '*', '_', '[', ']', '(', ')', '`', '~' -> escaped.append('\\').append(c);
                // A list item only where a line starts: elsewhere "demo-rg" stays as it is.
                case '-', '+' -> escaped.append(lineStart ? "\\" : "").append(c);
                default -> escaped.append(c);
            }
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return escaped.toString();
    }

    /** Slack's mrkdwn treats &, < and > as markup. */
    static String slackEscape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
