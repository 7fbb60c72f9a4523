package dev.vmssrollout.worker.notifications;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.Notification;
import dev.vmssrollout.workflows.NotificationActivities;
import dev.vmssrollout.workflows.ReleaseNotification;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The notification activity on its own, against a local receiver and the delivery log in PostgreSQL. */
class WebhookDeliveryTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final ScaleSetRef WEB = new ScaleSetRef("00000000-0000-0000-0000-000000000000", "demo-rg", "web");

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();

    @AfterEach
    void stop() {
        temporal.close();
        receiver.close();
    }

    @Test
    void aNotificationSentAgainAfterItWasDeliveredIsNotDeliveredAgain() {
        NotificationActivities activity = activity(new Webhook(receiver.url("/hook"), WebhookFormat.GENERIC));
        Notification paused = notification("r-again", 12, RolloutState.PAUSED);

        activity.sendNotification(paused);
        activity.sendNotification(paused); // as after a worker crash between the POST and the activity's completion
        activity.sendNotification(notification("r-again", 15, RolloutState.SUCCEEDED));

        assertThat(receiver.keys("/hook")).containsExactly("r-again:12", "r-again:15");
        assertThat(meters.counter("vmss.rollout.notifications", "format", "generic", "outcome", "duplicate").count()).isOne();
    }

    @Test
    void aReceiverThatRefusesTheNotificationIsNotAskedAgain() {
        receiver.answering("/gone", 404);
        NotificationActivities activity = activity(new Webhook(receiver.url("/gone"), WebhookFormat.SLACK));

        activity.sendNotification(notification("r-gone", 4, RolloutState.FAILED)); // no exception: nothing to retry

        assertThat(receiver.keys("/gone")).containsExactly("r-gone:4");
        assertThat(meters.counter("vmss.rollout.notifications", "format", "slack", "outcome", "abandoned").count()).isOne();
    }

    @Test
    void aReleaseThatStopsTheLineIsAnnouncedOnceWithItsStageAndALinkToItsPage() {
        NotificationActivities activity = activity("https://rollouts.example.com/dashboard/rollouts/{rolloutId}",
                new Webhook(receiver.url("/hook"), WebhookFormat.GENERIC),
                new Webhook(receiver.url("/teams"), WebhookFormat.TEAMS));
        ReleaseNotification paused = new ReleaseNotification("rel-7", RolloutState.PAUSED,
                "stage rest: 1 scale set(s) failed", 1, "rest", 3, Instant.parse("2026-12-05T10:00:00Z"));

        activity.sendReleaseNotification(paused);
        activity.sendReleaseNotification(paused);

        assertThat(receiver.keys("/hook")).containsExactly("release:rel-7:PAUSED:1796464800000");
        JsonNode body = receiver.received("/hook").get(0).body();
        assertThat(body.get("kind").asText()).isEqualTo("release");
        assertThat(body.get("releaseId").asText()).isEqualTo("rel-7");
        assertThat(body.get("state").asText()).isEqualTo("PAUSED");
        assertThat(body.get("stageNumber").asInt()).isEqualTo(2);
        assertThat(body.get("stageName").asText()).isEqualTo("rest");
        assertThat(body.get("stages").asInt()).isEqualTo(3);
        assertThat(body.get("url").asText()).isEqualTo("https://rollouts.example.com/dashboard/releases/rel-7");
        JsonNode card = receiver.received("/teams").get(0).body().at("/attachments/0/content");
        assertThat(card.at("/body/0/text").asText()).isEqualTo("vmss-rollout: release rel-7 paused");
        assertThat(card.at("/body/2/facts/1/value").asText()).isEqualTo("2 of 3: rest");
        assertThat(card.at("/actions/0/title").asText()).isEqualTo("Open the release");
    }

    private NotificationActivities activity(Webhook... webhooks) {
        return activity(null, webhooks);
    }

    private NotificationActivities activity(String link, Webhook... webhooks) {
        NotificationSettings settings = new NotificationSettings(List.of(webhooks), link, 3, Duration.ofSeconds(5));
        temporal.registerActivitiesImplementations(new WebhookNotificationActivities(settings,
                new DeliveryLog(database.dataSource()), meters, Clock.systemUTC()));
        return temporal.newActivityStub(NotificationActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    private static Notification notification(String rolloutId, long seq, RolloutState state) {
        return new Notification(rolloutId, seq, state, WEB, "rollout " + state, null, 5, null, Instant.now());
    }
}
