package dev.vmssrollout.model.release;

import dev.vmssrollout.model.RolloutState;

/**
 * One scale set of a release and the rollouts the release started for it. The states are those the rollouts'
 * own rows hold (one record of each rollout, not a copy that could disagree with it).
 *
 * @param rolloutId         the scale set's latest upgrade rollout; null before the release reached it
 * @param rolloutState      that rollout's state; null without one
 * @param rollbackRolloutId the rollout that put the previous image back when the release was rolled back; null otherwise
 * @param rollbackState     that rollout's state; null without one
 */
public record ReleaseScaleSetStatus(int position, ReleaseScaleSet scaleSet, String rolloutId, RolloutState rolloutState,
                                    String rollbackRolloutId, RolloutState rollbackState) {
}
