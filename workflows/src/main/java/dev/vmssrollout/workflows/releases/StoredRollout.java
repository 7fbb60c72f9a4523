package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;

import java.util.List;

/** A rollout's state and reason as its own row holds them; {@code state} null when there is no such row. */
public record StoredRollout(String rolloutId, RolloutState state, String reason) {

    /** The answer for several rollouts at once (a record: its list keeps its element type through serialization). */
    public record Batch(List<StoredRollout> rollouts) {

        public Batch {
            rollouts = List.copyOf(rollouts);
        }
    }
}
