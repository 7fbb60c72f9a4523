package dev.vmssrollout.model.release;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.schedule.WindowOverride;

import java.util.List;
import java.util.Optional;

/**
 * Releases and the rollouts they started. A release's scale sets' rollouts are ordinary rollouts (their own rows,
 * written through the rollout store); this store links them to the release. Every method throws
 * {@link dev.vmssrollout.model.store.StoreUnavailableException} when the database cannot be reached.
 */
public interface ReleaseStore {

    /** Stores the release PENDING; storing the same ID again with the same plan returns the first one. */
    ReleaseDetails create(NewRelease release);

    Optional<ReleaseDetails> find(String releaseId);

    /** Newest first. */
    List<ReleaseSummary> list(int limit, int offset);

    /** The IDs of the releases not in a terminal state, oldest first: the reconciler checks each has a workflow. */
    List<String> nonTerminal();

    /** Writes the release's state only when it differs from the stored one (so a replayed activity changes nothing). */
    void recordState(String releaseId, RolloutState state, String reason, Integer currentStage);

    /** Names the rollout that upgrades the scale set at {@code position} of stage {@code stage} (a retry replaces it). */
    void linkRollout(String releaseId, int stage, int position, String rolloutId);

    /** Names the rollout that put the scale set's previous image back. */
    void linkRollback(String releaseId, int stage, int position, String rolloutId);

    /**
     * The rollout linked to the scale set at {@code position} of stage {@code stage}: its latest upgrade rollout, or
     * with {@code rollback} its rollback rollout; empty when none is (or no such release).
     */
    Optional<String> linkedRollout(String releaseId, int stage, int position, boolean rollback);

    /** Records the emergency override of the release's windows as it stands (asked for, then approved). */
    void recordOverride(String releaseId, WindowOverride override);
}
