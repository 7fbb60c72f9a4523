package dev.vmssrollout.model.store;

import dev.vmssrollout.model.progress.ProgressEvent;

/** What the workflow's store activities need: record progress, and check who started it and who asks. */
public interface ProgressRecorder extends WorkflowGuard {

    /**
     * Records one event and applies it to the rollout's state, waves, instances and approvals, all
     * in one transaction. Idempotent by (rolloutId, seq): an event whose seq is already stored
     * changes nothing, so a retried activity never applies a change twice.
     *
     * @return true when the event was new, false when it had been recorded before
     * @throws UnknownRolloutException   no rollout has the event's rolloutId
     * @throws EventConflictException    the seq is already stored for an event of another type
     * @throws IllegalArgumentException  the event names a wave or instance that was never planned
     * @throws StoreUnavailableException the database cannot be reached
     */
    boolean record(ProgressEvent event);
}
