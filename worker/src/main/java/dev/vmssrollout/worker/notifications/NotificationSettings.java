package dev.vmssrollout.worker.notifications;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where notifications go and how hard the worker tries.
 *
 * @param webhooks     every receiver gets every notification
 * @param linkTemplate the link a notification carries, with {@code {rolloutId}} replaced, or null for none
 * @param maxAttempts  attempts per notification and webhook before the worker gives up on it
 * @param timeout      how long one request may take
 */
public record NotificationSettings(List<Webhook> webhooks, String linkTemplate, int maxAttempts, Duration timeout) {

    public static final String WEBHOOKS = "VMSS_ROLLOUT_WEBHOOKS";
    public static final String LINK = "VMSS_ROLLOUT_NOTIFICATION_LINK";
    public static final String ATTEMPTS = "VMSS_ROLLOUT_WEBHOOK_ATTEMPTS";
    public static final String TIMEOUT = "VMSS_ROLLOUT_WEBHOOK_TIMEOUT";
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public NotificationSettings {
        webhooks = List.copyOf(webhooks);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(ATTEMPTS + " must be at least 1");
        }
    }

    public static NotificationSettings none() {
        return new NotificationSettings(List.of(), null, DEFAULT_ATTEMPTS, DEFAULT_TIMEOUT);
    }

    /**
     * {@value #WEBHOOKS}: webhooks separated by commas or white space, each {@code format=url} or a
     * bare URL (format generic), e.g. {@code slack=https://hooks.slack.com/services/...,https://ops.example.com/hook}.
     */
    public static NotificationSettings fromEnv(Map<String, String> env) {
        List<Webhook> webhooks = parseWebhooks(env.getOrDefault(WEBHOOKS, ""));
        String link = env.get(LINK);
        int attempts;
        try {
            attempts = Integer.parseInt(env.getOrDefault(ATTEMPTS, String.valueOf(DEFAULT_ATTEMPTS)).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ATTEMPTS + " must be a whole number, not '" + env.get(ATTEMPTS) + "'", e);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String timeoutValue = env.get(TIMEOUT);
        if (timeoutValue != null && !timeoutValue.isBlank()) {
            try {
                timeout = Duration.parse(timeoutValue.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(TIMEOUT + " must be an ISO-8601 duration such as PT10S", e);
            }
        }
        return new NotificationSettings(webhooks, link == null || link.isBlank() ? null : link.trim(), attempts, timeout);
    }

    static List<Webhook> parseWebhooks(String value) {
        List<Webhook> webhooks = new ArrayList<>();
        int position = 0;
        for (String entry : value.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            position++;
            int equals = entry.indexOf('=');
            int scheme = entry.indexOf("://");
            // "slack=https://..." names a format; a bare URL may hold '=' in its query, after "://".
            boolean named = equals > 0 && (scheme < 0 || equals < scheme);
            WebhookFormat format = named ? WebhookFormat.parse(entry.substring(0, equals)) : WebhookFormat.GENERIC;
            String url = named ? entry.substring(equals + 1) : entry;
            try {
                webhooks.add(new Webhook(new URI(url), format));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // The URL itself is not repeated: it may be a secret.
                throw new IllegalArgumentException(WEBHOOKS + ": webhook " + position + " is not an absolute http(s) URL", e);
            }
        }
        return webhooks;
    }

    /**
     * The link for a release: the rollout link's template with {@code rollouts/{rolloutId}} read as
     * {@code releases/{releaseId}} (the dashboard's two pages); null when the template has no such part.
     */
    String linkToRelease(String releaseId) {
        String rolloutPage = "rollouts/{rolloutId}";
        return linkTemplate == null || !linkTemplate.contains(rolloutPage) ? null
                : linkTemplate.replace(rolloutPage, "releases/" + releaseId);
    }

    /** The link for a rollout, or null when none is configured. */
    String linkTo(String rolloutId) {
        return linkTemplate == null ? null : linkTemplate.replace("{rolloutId}", rolloutId);
    }
}
