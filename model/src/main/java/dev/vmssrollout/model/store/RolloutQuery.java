package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutState;

/**
 * A page of the rollout list, newest first. Null filters match everything; the scale set filters
 * ignore case, as ARM names do.
 *
 * @param limit  1 to {@value #MAX_LIMIT}
 * @param offset rows to skip, 0 or more
 */
public record RolloutQuery(RolloutState state, String subscriptionId, String resourceGroup, String scaleSet,
                           int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public RolloutQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }

    /** The first page of every rollout. */
    public static RolloutQuery all() {
        return new RolloutQuery(null, null, null, null, DEFAULT_LIMIT, 0);
    }

    public RolloutQuery withState(RolloutState newState) {
        return new RolloutQuery(newState, subscriptionId, resourceGroup, scaleSet, limit, offset);
    }

    public RolloutQuery withScaleSet(String newSubscriptionId, String newResourceGroup, String newScaleSet) {
        return new RolloutQuery(state, newSubscriptionId, newResourceGroup, newScaleSet, limit, offset);
    }

    public RolloutQuery page(int newLimit, int newOffset) {
        return new RolloutQuery(state, subscriptionId, resourceGroup, scaleSet, newLimit, newOffset);
    }
}
