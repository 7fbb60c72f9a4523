package dev.vmssrollout.worker.notifications;

import java.util.Locale;

/** What a webhook expects in its body. */
public enum WebhookFormat {
    /** This project's own JSON: {rolloutId, seq, state, message, scaleSet, wave, waves, actor, at, url}. */
    GENERIC,
    /** A Slack incoming webhook: {text, blocks}. */
    SLACK,
    /** A Microsoft Teams webhook (Workflows or incoming webhook): an Adaptive Card in a message envelope. */
    TEAMS;

    static WebhookFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown webhook format '" + name + "': use generic, slack or teams", e);
        }
    }
}
