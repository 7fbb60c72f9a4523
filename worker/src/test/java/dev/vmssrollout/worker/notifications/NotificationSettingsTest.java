package dev.vmssrollout.worker.notifications;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationSettingsTest {

    @Test
    void readsWebhooksWithTheirFormatsFromTheEnvironment() {
        NotificationSettings settings = NotificationSettings.fromEnv(Map.of(
                NotificationSettings.WEBHOOKS, "slack=https://hooks.slack.com/services/T0/B0/secret,\n"
                        + " teams=https://example.webhook.office.com/x  https://ops.example.com/hook?token=a=b",
                NotificationSettings.LINK, "https://rollouts.example.com/rollouts/{rolloutId}",
                NotificationSettings.ATTEMPTS, "3",
                NotificationSettings.TIMEOUT, "PT4S"));

        assertThat(settings.webhooks()).containsExactly(
                new Webhook(URI.create("https://hooks.slack.com/services/T0/B0/secret"), WebhookFormat.SLACK),
                new Webhook(URI.create("https://example.webhook.office.com/x"), WebhookFormat.TEAMS),
                new Webhook(URI.create("https://ops.example.com/hook?token=a=b"), WebhookFormat.GENERIC));
        assertThat(settings.linkTo("r-7")).isEqualTo("https://rollouts.example.com/rollouts/r-7");
        assertThat(settings.maxAttempts()).isEqualTo(3);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void noWebhooksConfiguredMeansNoneAndDefaults() {
        NotificationSettings settings = NotificationSettings.fromEnv(Map.of());
        assertThat(settings.webhooks()).isEmpty();
        assertThat(settings.linkTo("r-1")).isNull();
        assertThat(settings.maxAttempts()).isEqualTo(NotificationSettings.DEFAULT_ATTEMPTS);
    }

    @Test
    void refusesAWrongWebhookWithoutRepeatingItsUrl() {
        assertThatThrownBy(() -> NotificationSettings.fromEnv(Map.of(NotificationSettings.WEBHOOKS, "slack=not-a-url-secret")))
                .hasMessage("VMSS_ROLLOUT_WEBHOOKS: webhook 1 is not an absolute http(s) URL")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> NotificationSettings.fromEnv(Map.of(NotificationSettings.WEBHOOKS, "discord=https://x.example")))
                .hasMessageContaining("unknown webhook format 'discord'");
    }

    @Test
    void aWebhookIsLoggedByHostAndHashNeverByItsSecretPath() {
        Webhook slack = new Webhook(URI.create("https://hooks.slack.com/services/T0/B0/secret"), WebhookFormat.SLACK);
        assertThat(slack.toString()).startsWith("slack webhook https://hooks.slack.com (").doesNotContain("secret");
        assertThat(slack.id()).hasSize(24).isEqualTo(new Webhook(slack.url(), WebhookFormat.GENERIC).id());
    }
}
