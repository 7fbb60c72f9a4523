package dev.vmssrollout.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/** Turns activity failures into sentences for the event log. */
public final class Failures {

    private Failures() {
    }

    public static String describe(ActivityFailure failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof ApplicationFailure application) {
            return application.getOriginalMessage() + " (" + application.getType() + ")";
        }
        if (cause instanceof TimeoutFailure timeout) {
            return "the activity timed out (" + timeout.getTimeoutType() + ")";
        }
        return cause == null ? failure.getMessage() : cause.getMessage();
    }

    /** A workflow cancelled through Temporal is not a failed wave: let the cancellation through. */
    static void rethrowIfCancelled(ActivityFailure failure) {
        if (failure.getCause() instanceof CanceledFailure cancelled) {
            throw cancelled;
        }
    }
}
