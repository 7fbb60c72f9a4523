package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.Notification;
import dev.vmssrollout.workflows.NotificationActivities;
import dev.vmssrollout.workflows.ReleaseNotification;

import java.util.ArrayList;
import java.util.List;

/** The webhooks, as far as the release workflow can tell (its scripted rollouts send nothing). */
final class RecordedReleaseNotifications implements NotificationActivities {

    private final List<ReleaseNotification> sent = new ArrayList<>();

    @Override
    public void sendNotification(Notification notification) {
        throw new UnsupportedOperationException("scripted rollouts send no notification");
    }

    @Override
    public synchronized void sendReleaseNotification(ReleaseNotification notification) {
        sent.add(notification);
    }

    synchronized List<ReleaseNotification> sent() {
        return List.copyOf(sent);
    }

    synchronized List<RolloutState> states() {
        return sent.stream().map(ReleaseNotification::state).toList();
    }
}
