package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.NotificationActivities;
import dev.vmssrollout.workflows.ReleaseNotification;
import dev.vmssrollout.workflows.RolloutActivityOptions;
import dev.vmssrollout.workflows.SentNotifications;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Tells people when a release needs them or has ended, through the webhooks rollouts notify (the activities run on the
 * rollouts' task queue, where the worker registers them). Sent asynchronously, as a rollout's are: a webhook that is
 * down never holds up a stage; the release waits for what it sent only before it ends.
 */
final class ReleaseNotifications {

    /** Workflow.getVersion change ID: releases started before release notifications existed replay without them. */
    static final String CHANGE_ID = "release-notifications";
    static final Set<RolloutState> NOTIFIED = EnumSet.of(RolloutState.WAITING_FOR_APPROVAL, RolloutState.PAUSED,
            RolloutState.SUCCEEDED, RolloutState.FAILED, RolloutState.ROLLED_BACK);

    private final ReleaseData data;
    private final NotificationActivities activities;
    private final SentNotifications sent;

    ReleaseNotifications(ReleaseData data) {
        this.data = data;
        this.activities = Workflow.newActivityStub(NotificationActivities.class,
                RolloutActivityOptions.onRolloutWorkers(RolloutActivityOptions.notification()));
        this.sent = new SentNotifications(CHANGE_ID, "release " + data.input.releaseId());
    }

    /** Called once the release's new state is stored. */
    void recorded(RolloutState state, String reason) {
        if (!NOTIFIED.contains(state) || !sent.enabled()) {
            return;
        }
        Integer stage = state == RolloutState.SUCCEEDED ? null : data.currentStage;
        ReleaseNotification notification = new ReleaseNotification(data.input.releaseId(), state,
                reason != null ? reason : "release " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                stage, stage == null ? null : data.plan.stages().get(stage).name(), data.plan.stages().size(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()));
        sent.send(() -> Async.procedure(activities::sendReleaseNotification, notification));
    }

    /** Waits for every notification sent so far; never fails (what could not be delivered is logged). */
    void awaitSent() {
        sent.awaitSent();
    }
}
