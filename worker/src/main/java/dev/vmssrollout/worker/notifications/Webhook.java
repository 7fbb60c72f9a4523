package dev.vmssrollout.worker.notifications;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One receiver of notifications. Its URL may be a secret (Slack's and Teams' are): it is never logged or stored. */
public record Webhook(URI url, WebhookFormat format) {

    public Webhook {
        if (url == null || !url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("a webhook URL must be an absolute http or https URL");
        }
    }

    /** Names the webhook in the delivery log: a hash of the URL, stable across restarts and workers. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** For logs: format and host, without the path or query that may hold the secret. */
    @Override
    public String toString() {
        return format.name().toLowerCase(java.util.Locale.ROOT) + " webhook " + url.getScheme() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + " (" + id() + ")";
    }
}
