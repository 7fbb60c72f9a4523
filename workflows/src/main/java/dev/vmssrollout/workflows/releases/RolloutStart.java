package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.workflows.RolloutInput;

/**
 * Asks the store for a rollout of one scale set of a release: the rollout row (created once, by its ID) and the
 * claim token its workflow presents.
 *
 * @param restoreOf for a rollback: the rollouts that upgraded the scale set, oldest first; the first that recorded
 *                  a baseline says which image to put back ({@code plan}'s image is then ignored). Empty otherwise
 */
public record RolloutStart(String releaseId, int stage, int position, String rolloutId, RolloutPlan plan,
                           String submittedBy, boolean fourEyes, boolean searchAttributes,
                           java.util.List<String> restoreOf) {

    public RolloutStart {
        restoreOf = restoreOf == null ? java.util.List.of() : java.util.List.copyOf(restoreOf);
    }

    /**
     * The answer: the input to start the rollout's workflow with, or why there is none ({@code refusal}: e.g. the
     * scale set has another rollout in progress; for a rollback, {@code nothingToRestore} (see {@link #noChange()}) when no rollout of the
     * release changed the scale set's model), or the rollout an earlier run of the release stored for this very scale
     * set and attempt but lost before it could start it ({@code storedEarlier}, see {@link #storedEarlier(String)}).
     */
    public record Answer(RolloutInput input, String refusal, boolean nothingToRestore, String storedEarlier) {

        public static Answer start(RolloutInput input) {
            return new Answer(input, null, false, null);
        }

        public static Answer refused(String why) {
            return new Answer(null, why, false, null);
        }

        public static Answer noChange() {
            return new Answer(null, null, true, null);
        }

        /**
         * A run of the release that Temporal lost had stored this rollout, under another ID, and may not have started
         * it: the release follows its row and the rollout reconciler runs its workflow, as for any rollout stored
         * before a loss. No claim token is issued: one would take the claim from a run the reconciler started.
         */
        public static Answer storedEarlier(String rolloutId) {
            return new Answer(null, null, false, rolloutId);
        }
    }
}
