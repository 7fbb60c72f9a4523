package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import io.temporal.failure.ApplicationFailure;

import java.util.ArrayList;
import java.util.List;

/** The webhooks, as far as the workflow can tell: keeps every notification it was asked to send. */
final class RecordedNotifications implements NotificationActivities {

    private final List<Notification> sent = new ArrayList<>();
    private int attempts;
    private boolean failing;

    /** Every attempt fails, as with a receiver that is down. */
    synchronized RecordedNotifications failingEveryAttempt() {
        failing = true;
        return this;
    }

    @Override
    public synchronized void sendNotification(Notification notification) {
        attempts++;
        if (failing) {
            throw ApplicationFailure.newFailure("webhook answered 500", "WEBHOOK_FAILED");
        }
        sent.add(notification);
    }

    @Override
    public void sendReleaseNotification(ReleaseNotification notification) {
        throw new UnsupportedOperationException("a rollout sends no release notification");
    }

    synchronized List<Notification> sent() {
        return List.copyOf(sent);
    }

    synchronized List<RolloutState> states() {
        return sent.stream().map(Notification::state).toList();
    }

    synchronized int attempts() {
        return attempts;
    }
}
