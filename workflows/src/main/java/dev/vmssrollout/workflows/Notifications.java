package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;

import java.util.EnumSet;
import java.util.Set;

/**
 * Sends a {@link Notification} once a recorded event has put the rollout into a state people
 * should hear about. Sent asynchronously: a slow or failing webhook never holds up a wave, and
 * the workflow only waits for what it sent before it hands over to a new run or ends.
 */
final class Notifications {

    /** Workflow.getVersion change ID: runs started before notifications existed replay without them. */
    static final String CHANGE_ID = "notifications";
    static final Set<RolloutState> NOTIFIED = EnumSet.of(RolloutState.WAITING_FOR_APPROVAL, RolloutState.PAUSED,
            RolloutState.FAILED, RolloutState.ROLLED_BACK, RolloutState.SUCCEEDED, RolloutState.WAITING_FOR_WINDOW);

    private final RolloutData data;
    private final NotificationActivities activities;
    private final SentNotifications sent;

    Notifications(RolloutData data) {
        this.data = data;
        this.activities = Workflow.newActivityStub(NotificationActivities.class, RolloutActivityOptions.notification());
        this.sent = new SentNotifications(CHANGE_ID, "rollout " + data.input.rolloutId());
    }

    /** Called for every event once it is stored, in seq order. */
    void recorded(ProgressEvent event) {
        // WINDOW_OPENED leaves the rollout RUNNING, which is otherwise not announced.
        boolean announced = event.type() == EventType.WINDOW_OPENED
                || event.rolloutState() != null && NOTIFIED.contains(event.rolloutState());
        if (!announced || !sent.enabled()) {
            return;
        }
        Integer wave = event.wave() != null ? event.wave()
                : event.rolloutState() == RolloutState.SUCCEEDED ? null : data.currentWave;
        Notification notification = new Notification(event.rolloutId(), event.seq(), event.rolloutState(),
                data.target(), event.message(), wave, data.wavePlan == null ? null : data.waveCount(), event.actor(),
                event.at(), event.type());
        sent.send(() -> Async.procedure(activities::sendNotification, notification));
    }

    /** Waits for every notification sent so far; never fails. */
    void awaitSent() {
        sent.awaitSent();
    }
}
