package dev.vmssrollout.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * Tells people that a rollout needs them or has ended: the workflow calls it when the rollout
 * enters WAITING_FOR_APPROVAL, PAUSED, FAILED, ROLLED_BACK or SUCCEEDED. Being an activity, a
 * notification survives a worker crash; the implementation delivers each one at most once per
 * receiver by its {@link Notification#idempotencyKey()}, and gives up after a few attempts
 * rather than fail or hold up the rollout.
 */
@ActivityInterface
public interface NotificationActivities {

    /** Attempts Temporal makes at most; the worker may give up sooner (it decides how many a webhook deserves). */
    int MAX_ATTEMPTS = 10;

    void sendNotification(Notification notification);

    /** The same for a release: when a stage waits for approval, when the line stops, when the release ends. */
    void sendReleaseNotification(ReleaseNotification notification);
}
