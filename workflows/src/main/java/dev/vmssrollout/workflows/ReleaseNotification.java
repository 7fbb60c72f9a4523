package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;

import java.time.Instant;

/**
 * A release entered a state someone should hear about: a stage waits for approval, the line stopped, the release
 * ended. Its scale sets' rollouts send their own {@link Notification}s. Add fields, never reorder or repurpose them:
 * notifications wait in Temporal's history across deployments.
 *
 * @param message    the release's reason, as its row and page show it
 * @param stage      the 0-based index of the stage concerned, or null
 * @param stageName  that stage's name, or null
 * @param stageCount how many stages the release has
 * @param at         when the workflow recorded the state (workflow time: the same in every replay)
 */
public record ReleaseNotification(String releaseId, RolloutState state, String message, Integer stage, String stageName,
                                  int stageCount, Instant at) {

    /** The same for every attempt and every worker: receivers and the worker deduplicate by it. */
    public String idempotencyKey() {
        return "release:" + releaseId + ":" + state + ":" + at.toEpochMilli();
    }
}
