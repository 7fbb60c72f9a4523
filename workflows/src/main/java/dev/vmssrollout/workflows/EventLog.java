package dev.vmssrollout.workflows;

import dev.vmssrollout.model.progress.ProgressEvent;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;

import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Applies each state change to {@link RolloutData} and records it through
 * {@link ProgressActivities}. The main flow and the handlers both record; a change gets its seq
 * and its place in the queue in the same step that applies it (no yield in between), and one
 * flusher at a time sends the queue in order, so the database sees seqs gapless and in order.
 */
final class EventLog {

    private static final Logger log = Workflow.getLogger(EventLog.class);
    private static final Duration REFUSED_FIRST_WAIT = Duration.ofMinutes(1);
    private static final Duration REFUSED_MAX_WAIT = Duration.ofMinutes(30);

    private final RolloutData data;
    private final ProgressActivities progress;
    private final WorkflowLock sending = Workflow.newWorkflowLock();
    private final Deque<ProgressEvent> unsent = new ArrayDeque<>();
    private final Notifications notifications;

    EventLog(RolloutData data) {
        this.data = data;
        this.progress = Workflow.newActivityStub(ProgressActivities.class, RolloutActivityOptions.progress());
        this.notifications = new Notifications(data);
    }

    /** Applies and records a change; returns once it (and every change before it) is stored. */
    void record(Change change) {
        append(change);
        flush();
    }

    private void append(Change change) {
        boolean stateChanged = data.apply(change);
        ProgressEvent event = change.toEvent(data.input.rolloutId(), data.nextSeq++,
                Instant.ofEpochMilli(Workflow.currentTimeMillis()), stateChanged ? data.state : null);
        unsent.addLast(event);
        if (stateChanged && data.input.searchAttributes()) {
            Workflow.upsertTypedSearchAttributes(RolloutSearchAttributes.ROLLOUT_STATE.valueSet(data.state.name()));
        }
        Workflow.setCurrentDetails(CurrentDetails.of(data));
    }

    /** Sends every unsent event, in seq order. */
    void flush() {
        sending.lock();
        try {
            while (!unsent.isEmpty()) {
                ProgressEvent event = unsent.peekFirst();
                send(event);
                // Removed only once stored: a flush cut short (workflow cancelled) is finished by the next one.
                unsent.removeFirst();
                // After the event is stored: whoever follows the notification's link sees the new state.
                notifications.recorded(event);
            }
        } finally {
            sending.unlock();
        }
    }

    /**
     * Transient database trouble is retried inside the activity. An event the store refuses is a
     * bug on one side or the other; failing the workflow would leave the rollout's rows behind for
     * good, so the rollout waits, and carries on once a fixed worker stores the event.
     */
    private void send(ProgressEvent event) {
        Duration wait = REFUSED_FIRST_WAIT;
        while (true) {
            try {
                progress.record(event);
                return;
            } catch (ActivityFailure refused) {
                Failures.rethrowIfCancelled(refused);
                log.error("event {} ({}) of rollout {} was refused, trying again in {}: {}", event.seq(), event.type(),
                        event.rolloutId(), wait, Failures.describe(refused));
                Workflow.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(REFUSED_MAX_WAIT) > 0 ? REFUSED_MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }

    /** Waits for the notifications sent so far (they never fail the rollout). */
    void awaitNotifications() {
        notifications.awaitSent();
    }

    boolean allSent() {
        return unsent.isEmpty();
    }
}
