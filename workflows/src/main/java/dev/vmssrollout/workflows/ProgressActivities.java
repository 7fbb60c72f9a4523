package dev.vmssrollout.workflows;

import dev.vmssrollout.model.progress.ProgressEvent;
import io.temporal.activity.ActivityInterface;

/** Writes the rollout's progress to the database, which outlives the Temporal server. */
@ActivityInterface
public interface ProgressActivities {

    /** Idempotent by (rolloutId, seq). */
    void record(ProgressEvent event);
}
