package dev.vmssrollout.worker.progress;

import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.EventConflictException;
import dev.vmssrollout.model.store.ProgressRecorder;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.model.store.UnknownRolloutException;
import dev.vmssrollout.worker.metrics.RolloutMetrics;
import dev.vmssrollout.workflows.ProgressActivities;
import io.temporal.failure.ApplicationFailure;

/**
 * Records workflow progress in PostgreSQL. A database that is down is retried (the rollout waits
 * for it); an event the database refuses is a bug that retrying cannot fix, so it fails at once.
 */
public class StoreProgressActivities implements ProgressActivities {

    /** ApplicationFailure type of an event the store refused. */
    public static final String PROGRESS_REJECTED = "PROGRESS_REJECTED";

    private final ProgressRecorder recorder;
    private final RolloutMetrics metrics;

    public StoreProgressActivities(ProgressRecorder recorder) {
        this(recorder, RolloutMetrics.global());
    }

    public StoreProgressActivities(ProgressRecorder recorder, RolloutMetrics metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    @Override
    public void record(ProgressEvent event) {
        try {
            if (recorder.record(event)) {
                metrics.recorded(event); // only new events: a retried activity must not count twice
            }
        } catch (StoreUnavailableException down) {
            throw ApplicationFailure.newFailureWithCause("database unavailable while recording event " + event.seq()
                    + " of rollout " + event.rolloutId() + ": " + down.getMessage(), "DATABASE_UNAVAILABLE", down);
        } catch (UnknownRolloutException | EventConflictException | IllegalArgumentException refused) {
            throw ApplicationFailure.newNonRetryableFailureWithCause("the database refused event " + event.seq()
                    + " (" + event.type() + ") of rollout " + event.rolloutId() + ": " + refused.getMessage(),
                    PROGRESS_REJECTED, refused);
        }
    }
}
