package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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

    private static final Logger log = Workflow.getLogger(Notifications.class);

    private final RolloutData data;
    private final NotificationActivities activities;
    private final List<Promise<Void>> pending = new ArrayList<>();
    private Boolean enabled;

    Notifications(RolloutData data) {
        this.data = data;
        this.activities = Workflow.newActivityStub(NotificationActivities.class, RolloutActivityOptions.notification());
    }

    /** Called for every event once it is stored, in seq order. */
    void recorded(ProgressEvent event) {
        // WINDOW_OPENED leaves the rollout RUNNING, which is otherwise not announced.
        boolean announced = event.type() == EventType.WINDOW_OPENED
                || event.rolloutState() != null && NOTIFIED.contains(event.rolloutState());
        if (!announced || !enabled()) {
            return;
        }
        Integer wave = event.wave() != null ? event.wave()
                : event.rolloutState() == RolloutState.SUCCEEDED ? null : data.currentWave;
        Notification notification = new Notification(event.rolloutId(), event.seq(), event.rolloutState(),
                data.target(), event.message(), wave, data.wavePlan == null ? null : data.waveCount(), event.actor(),
                event.at(), event.type());
        // Detached: a rollout cancelled through Temporal still delivers what it already announced.
        Workflow.newDetachedCancellationScope(
                () -> pending.add(Async.procedure(activities::sendNotification, notification))).run();
    }

    /**
     * Waits for every notification sent so far. Never fails: a webhook that keeps failing must not
     * fail the rollout, so what could not be delivered is logged (the worker logs and counts it too).
     */
    void awaitSent() {
        // One at a time off the list: a handler may send another while this one is awaited.
        while (!pending.isEmpty()) {
            Promise<Void> sent = pending.remove(0);
            try {
                sent.get();
            } catch (ActivityFailure failure) {
                log.warn("a notification of rollout {} was not delivered: {}", data.input.rolloutId(),
                        Failures.describe(failure));
            }
        }
    }

    /** Asked once per run, at the first notification: the answer is recorded in (or replayed from) the history. */
    private boolean enabled() {
        if (enabled == null) {
            enabled = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
        }
        return enabled;
    }
}
