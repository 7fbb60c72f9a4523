package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.EventType;

import java.time.Instant;

/**
 * A rollout entered a state someone should hear about. Add fields, never reorder or repurpose them:
 * notifications wait in Temporal's history across deployments.
 *
 * @param seq        the seq of the event that entered the state: with the rollout ID, it names the notification
 * @param wave       the 0-based index of the wave concerned (as in the REST API), or null
 * @param waveCount  how many waves the rollout has, or null before they are planned
 * @param actor      who caused it (an approver, an operator), or null
 * @param event      the event that caused it (WINDOW_OPENED announces a rollout going on after its wait), or null
 */
public record Notification(String rolloutId, long seq, RolloutState state, ScaleSetRef scaleSet, String message,
                           Integer wave, Integer waveCount, String actor, Instant at, EventType event) {

    public Notification(String rolloutId, long seq, RolloutState state, ScaleSetRef scaleSet, String message,
                        Integer wave, Integer waveCount, String actor, Instant at) {
        this(rolloutId, seq, state, scaleSet, message, wave, waveCount, actor, at, null);
    }

    /** The same for every attempt and every worker: receivers and the worker deduplicate by it. */
    public String idempotencyKey() {
        return rolloutId + ":" + seq;
    }
}
