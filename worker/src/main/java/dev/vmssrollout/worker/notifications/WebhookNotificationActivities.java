package dev.vmssrollout.worker.notifications;

import dev.vmssrollout.workflows.Notification;
import dev.vmssrollout.workflows.NotificationActivities;
import dev.vmssrollout.workflows.ReleaseNotification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Posts each notification to every configured webhook, at most once per webhook: the delivery log
 * in PostgreSQL remembers which webhooks have which idempotency key, so an activity retried after
 * a failure or a worker crash only sends to those still missing it. The same key goes out as the
 * {@code Idempotency-Key} header, for the rare repeat (a crash between the POST and the log entry).
 * A webhook that keeps failing is given up on after {@link NotificationSettings#maxAttempts()}
 * attempts: logged and counted, never a failed rollout.
 */
public final class WebhookNotificationActivities implements NotificationActivities {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** ApplicationFailure type of an attempt that left a webhook without the notification. */
    public static final String WEBHOOK_FAILED = "WEBHOOK_FAILED";

    private static final Logger log = LoggerFactory.getLogger(WebhookNotificationActivities.class);

    private final NotificationSettings settings;
    private final DeliveryLog deliveries;
    private final MeterRegistry meters;
    private final Clock clock;
    private final HttpClient http;

    public WebhookNotificationActivities(NotificationSettings settings, DeliveryLog deliveries, MeterRegistry meters,
                                         Clock clock) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.meters = meters;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** No webhooks: every notification is done as soon as it arrives. */
    public static WebhookNotificationActivities disabled() {
        return new WebhookNotificationActivities(NotificationSettings.none(), null,
                io.micrometer.core.instrument.Metrics.globalRegistry, Clock.systemUTC());
    }

    @Override
    public void sendNotification(Notification notification) {
        deliver(notification.idempotencyKey(), notification.state().name(),
                webhook -> Payloads.render(notification, webhook.format(), settings.linkTo(notification.rolloutId())));
    }

    @Override
    public void sendReleaseNotification(ReleaseNotification notification) {
        deliver(notification.idempotencyKey(), notification.state().name(),
                webhook -> Payloads.render(notification, webhook.format(), settings.linkToRelease(notification.releaseId())));
    }

    private void deliver(String key, String state, Function<Webhook, String> body) {
        if (settings.webhooks().isEmpty()) {
            return;
        }
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        Map<Webhook, String> failures = new LinkedHashMap<>();
        boolean worthRetrying = false;
        for (Webhook webhook : settings.webhooks()) {
            if (alreadyDelivered(key, webhook)) {
                count(webhook, "duplicate");
                continue;
            }
            Attempt attempt = post(webhook, key, body.apply(webhook));
            if (attempt.delivered()) {
                recordDelivery(key, webhook);
                count(webhook, "delivered");
                log.info("notification {} ({}) delivered to {}", key, state, webhook);
            } else {
                count(webhook, "failed");
                failures.put(webhook, attempt.problem());
                worthRetrying |= attempt.retryable();
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        if (worthRetrying && info.getAttempt() < attemptsAllowed(info)) {
            throw ApplicationFailure.newFailure("notification " + key + " (" + state + ") attempt "
                    + info.getAttempt() + " failed for " + failures, WEBHOOK_FAILED);
        }
        // A receiver that is down must not fail the rollout, nor hold up its end any longer.
        failures.forEach((webhook, problem) -> {
            count(webhook, "abandoned");
            log.error("notification {} ({}) to {} given up after attempt {}: {}", key, state, webhook,
                    info.getAttempt(), problem);
        });
    }

    private int attemptsAllowed(ActivityInfo info) {
        int temporal = info.getRetryOptions() == null ? 0 : info.getRetryOptions().getMaximumAttempts();
        return temporal > 0 ? Math.min(temporal, settings.maxAttempts()) : settings.maxAttempts();
    }

    private record Attempt(boolean delivered, boolean retryable, String problem) {
    }

    private Attempt post(Webhook webhook, String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "vmss-rollout")
                .header(IDEMPOTENCY_KEY, key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, false, null);
            }
            // A 4xx other than 408 and 429 (a wrong or revoked URL, a refused body) will not change by retrying.
            boolean retryable = status >= 500 || status == 408 || status == 429;
            return new Attempt(false, retryable, "HTTP " + status);
        } catch (IOException e) {
            return new Attempt(false, true, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while sending notification " + key,
                    WEBHOOK_FAILED);
        }
    }

    private boolean alreadyDelivered(String key, Webhook webhook) {
        try {
            return deliveries.delivered(key, webhook);
        } catch (SQLException e) {
            // Sending without knowing could send twice: wait for the database like the progress activity does.
            throw ApplicationFailure.newFailureWithCause("cannot read the notification delivery log: " + e.getMessage(),
                    "DATABASE_UNAVAILABLE", e);
        }
    }

    private void recordDelivery(String key, Webhook webhook) {
        try {
            deliveries.record(key, webhook, clock.instant());
        } catch (SQLException e) {
            // Retried: the webhook gets it again, with the same Idempotency-Key to recognise it by.
            throw ApplicationFailure.newFailureWithCause("notification " + key + " was delivered to " + webhook
                    + " but could not be logged: " + e.getMessage(), "DATABASE_UNAVAILABLE", e);
        }
    }

    private void count(Webhook webhook, String outcome) {
        Counter.builder("vmss.rollout.notifications")
                .description("Notifications per webhook by format and outcome: delivered, failed (an attempt), "
                        + "duplicate (delivered before, skipped), abandoned (given up after the last attempt)")
                .tag("format", webhook.format().name().toLowerCase(java.util.Locale.ROOT))
                .tag("outcome", outcome)
                .register(meters).increment();
    }
}
