package dev.vmssrollout.worker.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.worker.notifications.NotificationSettings;
import dev.vmssrollout.worker.notifications.Webhook;
import dev.vmssrollout.worker.notifications.WebhookFormat;
import dev.vmssrollout.worker.notifications.WebhookReceiver;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.RolloutProgress;
import dev.vmssrollout.workflows.TaskQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.vmssrollout.worker.observability.ObservedWorker.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhook notifications from a real rollout: the simulator, PostgreSQL, Temporal and a local HTTP receiver. */
class NotificationsAgainstSimulatorTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final Set<EventType> ENTERING_A_NOTIFIED_STATE = EnumSet.of(EventType.WAITING_FOR_APPROVAL,
            EventType.PAUSED, EventType.FAILED, EventType.ROLLED_BACK, EventType.SUCCEEDED);
    private static final String LINK = "https://rollouts.example.com/rollouts/{rolloutId}";

    private final WebhookReceiver receiver = new WebhookReceiver();
    private ObservedWorker stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        receiver.close();
    }

    @Test
    void eachReceiverGetsOneNotificationPerStateTheRolloutEntersInItsOwnFormat() {
        stack = new ObservedWorker(database, settings(2, webhook(WebhookFormat.GENERIC, "/generic"),
                webhook(WebhookFormat.SLACK, "/slack"), webhook(WebhookFormat.TEAMS, "/teams"))).startWorker();
        ScaleSetKey web = stack.scaleSet("canary");

        String id = stack.submit(plan(web, ApprovalMode.FIRST_WAVE, FailurePolicy.PAUSE));
        awaitEvents(id, EventType.WAITING_FOR_APPROVAL, 1);
        stack.workflow(id).approve(new ApproveWave("bob", 0, "canary looks fine"));
        awaitEvents(id, EventType.WAITING_FOR_APPROVAL, 2);
        stack.workflow(id).pause(new OperatorCommand("carol", "checking dashboards"));
        awaitEvents(id, EventType.PAUSED, 1);
        stack.workflow(id).resume(new OperatorCommand("carol", null));
        awaitEvents(id, EventType.WAITING_FOR_APPROVAL, 3); // the pause ended the wait: it starts again
        stack.workflow(id).approve(new ApproveWave("bob", 1, null));
        stack.awaitState(id, RolloutState.SUCCEEDED);

        List<String> expected = notifiedKeys(id);
        assertThat(expected).hasSize(5); // waiting, waiting, paused, waiting again, succeeded
        for (String path : List.of("/generic", "/slack", "/teams")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.keys(path).size() >= expected.size());
            assertThat(receiver.keys(path)).as(path).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(receiver.received(path)).allSatisfy(r -> assertThat(r.contentType()).isEqualTo("application/json"));
        }

        JsonNode first = bodyOf("/generic", expected.get(0));
        assertThat(first.path("rolloutId").asText()).isEqualTo(id);
        assertThat(first.path("state").asText()).isEqualTo("WAITING_FOR_APPROVAL");
        assertThat(first.path("message").asText()).isEqualTo("wave 1/5 waiting for approval");
        assertThat(first.path("wave").asInt()).isZero();
        assertThat(first.path("waves").asInt()).isEqualTo(5);
        assertThat(first.path("scaleSet").path("name").asText()).isEqualTo("canary");
        assertThat(first.path("url").asText()).isEqualTo("https://rollouts.example.com/rollouts/" + id);
        assertThat(first.path("idempotencyKey").asText()).isEqualTo(expected.get(0));
        assertThat(bodyOf("/generic", expected.get(2)).path("state").asText()).isEqualTo("PAUSED");
        assertThat(bodyOf("/generic", expected.get(4)).path("state").asText()).isEqualTo("SUCCEEDED");

        JsonNode slack = bodyOf("/slack", expected.get(0));
        assertThat(slack.path("text").asText()).contains("obs-rg/canary is waiting for approval");
        assertThat(slack.path("blocks").get(0).path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(slack.path("blocks").get(0).path("text").path("text").asText())
                .contains("<https://rollouts.example.com/rollouts/" + id + "|" + id + ">");

        JsonNode teams = bodyOf("/teams", expected.get(4));
        assertThat(teams.path("type").asText()).isEqualTo("message");
        JsonNode card = teams.path("attachments").get(0);
        assertThat(card.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("content").path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("content").path("body").get(0).path("text").asText()).contains("obs-rg/canary succeeded");
        assertThat(card.path("content").path("actions").get(0).path("url").asText()).endsWith(id);

        // The log context interceptor told each wave's upgrade which rollout and wave it works on.
        assertThat(stack.upgradeLogContexts).containsExactly(id + "/0", id + "/1", id + "/2", id + "/3", id + "/4");
    }

    @Test
    void failedAndRolledBackRolloutsAreAnnounced() {
        stack = new ObservedWorker(database, settings(2, webhook(WebhookFormat.GENERIC, "/ops"))).startWorker();
        ScaleSetKey aborting = stack.scaleSet("aborting");
        ScaleSetKey rollingBack = stack.scaleSet("rolling-back");
        Faults badImage = Faults.builder().unhealthyImages(ObservedWorker.NEXT_VERSION).build();
        stack.faults(aborting, badImage);
        stack.faults(rollingBack, badImage);

        String failed = stack.submit(plan(aborting, ApprovalMode.NONE, FailurePolicy.ABORT));
        String rolledBack = stack.submit(plan(rollingBack, ApprovalMode.NONE, FailurePolicy.ROLLBACK));
        stack.awaitState(failed, RolloutState.FAILED);
        stack.awaitState(rolledBack, RolloutState.ROLLED_BACK);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.keys("/ops").size() >= 2);
        assertThat(receiver.keys("/ops")).containsExactlyInAnyOrder(notifiedKeys(failed).get(0), notifiedKeys(rolledBack).get(0));
        assertThat(bodyOf("/ops", notifiedKeys(failed).get(0)).path("message").asText())
                .startsWith("rollout failed: wave 1/5 failed: unhealthy");
        assertThat(bodyOf("/ops", notifiedKeys(rolledBack).get(0)).path("state").asText()).isEqualTo("ROLLED_BACK");
    }

    @Test
    void retriesOnlyTheReceiversThatFailedAndGivesUpOnOneThatStaysDownWithoutFailingTheRollout() throws Exception {
        receiver.answering("/flaky", 500, 200).answering("/down", 500);
        stack = new ObservedWorker(database, settings(2, webhook(WebhookFormat.GENERIC, "/ok"),
                webhook(WebhookFormat.GENERIC, "/flaky"), webhook(WebhookFormat.GENERIC, "/down"))).startWorker();
        ScaleSetKey web = stack.scaleSet("retries");

        String id = stack.submit(plan(web, ApprovalMode.NONE, FailurePolicy.PAUSE));

        RolloutProgress result = stack.client().newUntypedWorkflowStub(TaskQueues.workflowId(id))
                .getResult(60, TimeUnit.SECONDS, RolloutProgress.class);
        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        String succeeded = notifiedKeys(id).get(0);
        // The activity ran twice: the second attempt skipped /ok, which had it, and reached /flaky.
        assertThat(receiver.keys("/ok")).containsExactly(succeeded);
        assertThat(receiver.keys("/flaky")).containsExactly(succeeded, succeeded);
        // Two attempts allowed, then given up on: the rollout ended anyway.
        assertThat(receiver.keys("/down")).containsExactly(succeeded, succeeded);
        assertThat(count("duplicate")).isEqualTo(1);
        assertThat(count("delivered")).isEqualTo(2);
        assertThat(count("abandoned")).isEqualTo(1);
    }

    private NotificationSettings settings(int attempts, Webhook... webhooks) {
        return new NotificationSettings(List.of(webhooks), LINK, attempts, Duration.ofSeconds(5));
    }

    private Webhook webhook(WebhookFormat format, String path) {
        return new Webhook(receiver.url(path), format);
    }

    private void awaitEvents(String rolloutId, EventType type, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                stack.store.find(rolloutId).orElseThrow().events().stream().filter(e -> e.type() == type).count() >= count);
    }

    /** rolloutId:seq of every event that put the rollout into a state that is notified. */
    private List<String> notifiedKeys(String rolloutId) {
        return stack.store.find(rolloutId).orElseThrow().events().stream()
                .filter(e -> ENTERING_A_NOTIFIED_STATE.contains(e.type()))
                .map(EventRecord::seq).map(seq -> rolloutId + ":" + seq).toList();
    }

    private JsonNode bodyOf(String path, String key) {
        return receiver.received(path).stream().filter(r -> key.equals(r.idempotencyKey())).findFirst().orElseThrow().body();
    }

    private double count(String outcome) {
        return stack.meters.find("vmss.rollout.notifications").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
