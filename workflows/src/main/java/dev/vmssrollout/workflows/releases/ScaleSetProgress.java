package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;

import java.util.List;

/**
 * One scale set of a release as the release workflow sees it.
 *
 * @param rolloutIds every rollout the release started to upgrade it, oldest first (a retry adds one)
 * @param state      the outcome of the latest of them; null while it runs or before it started
 * @param reason     why it did not succeed; null otherwise
 */
public record ScaleSetProgress(int stage, int position, List<String> rolloutIds, RolloutState state, String reason,
                               String rollbackRolloutId, RolloutState rollbackState) {

    public ScaleSetProgress {
        rolloutIds = List.copyOf(rolloutIds);
    }
}
