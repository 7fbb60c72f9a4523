package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {

    private RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void notifiesTheApprovalWaitAndTheSuccessOnceEachNamedByTheEventThatEnteredTheState() {
        RolloutWorkflow rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        approveTheCanaryAndTheNextWave(rollout);

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);

        assertThat(harness.notifications.states()).containsExactly(RolloutState.WAITING_FOR_APPROVAL,
                RolloutState.WAITING_FOR_APPROVAL, RolloutState.SUCCEEDED);
        Notification waiting = harness.notifications.sent().get(0);
        ProgressEvent entered = harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 1);
        assertThat(waiting.idempotencyKey()).isEqualTo(RolloutHarness.ROLLOUT_ID + ":" + entered.seq());
        assertThat(waiting.message()).isEqualTo("wave 1/5 waiting for approval");
        assertThat(waiting.wave()).isZero();
        assertThat(waiting.waveCount()).isEqualTo(5);
        assertThat(waiting.scaleSet()).isEqualTo(FakeScaleSet.REF);
        assertThat(harness.notifications.sent().get(1).wave()).isOne();
        Notification succeeded = harness.notifications.sent().get(2);
        assertThat(succeeded.seq()).isEqualTo(harness.progress.only(EventType.SUCCEEDED).seq());
        assertThat(succeeded.message()).isEqualTo("rollout succeeded: 20 instances upgraded");
    }

    @Test
    void notifiesThePauseAfterAFailedWaveAndTheRollbackThatFollows() {
        RolloutWorkflow rollout = harness.start(aScaleSet().unhealthyOn(NEW, "7"),
                aPlan().onFailure(FailurePolicy.PAUSE).build());
        harness.progress.awaitEvent(EventType.PAUSED);
        rollout.rollback(new OperatorCommand("erin", "bad image"));

        assertThat(harness.result().state()).isEqualTo(RolloutState.ROLLED_BACK);

        assertThat(harness.notifications.states()).containsExactly(RolloutState.PAUSED, RolloutState.ROLLED_BACK);
        assertThat(harness.notifications.sent().get(0).wave()).as("the wave that failed").isEqualTo(2);
    }

    @Test
    void notifiesAFailedRollout() {
        harness.start(aScaleSet().unhealthyOn(NEW, "7"), aPlan().onFailure(FailurePolicy.ABORT).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.FAILED);

        assertThat(harness.notifications.sent()).singleElement().satisfies(failed -> {
            assertThat(failed.state()).isEqualTo(RolloutState.FAILED);
            assertThat(failed.message()).startsWith("rollout failed: wave 3/5 failed: unhealthy");
        });
    }

    @Test
    void aNotificationThatKeepsFailingNeitherFailsNorStopsTheRollout() {
        harness.close();
        harness = new RolloutHarness(RolloutWorkflowImpl.class, new RecordedNotifications().failingEveryAttempt());
        RolloutWorkflow rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        approveTheCanaryAndTheNextWave(rollout);

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.notifications.attempts()).isEqualTo(3 * NotificationActivities.MAX_ATTEMPTS);
    }

    /** FIRST_WAVE is a canary: one approval before the first wave, one before the second. */
    private void approveTheCanaryAndTheNextWave(RolloutWorkflow rollout) {
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 1);
        rollout.approve(new ApproveWave("bob", 0, null));
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 2);
        rollout.approve(new ApproveWave("bob", 1, null));
    }
}
