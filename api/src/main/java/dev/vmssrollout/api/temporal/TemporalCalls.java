package dev.vmssrollout.api.temporal;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Temporal client call with a deadline. Without it the SDK retries an unreachable server
 * for a minute, and a person waiting on the API would wait that long for a 503.
 */
final class TemporalCalls {

    private static final Set<Status.Code> UNAVAILABLE = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.CANCELLED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    // One daemon thread only fires deadlines; it never runs the calls.
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "temporal-call-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private TemporalCalls() {
    }

    static <T> T within(Duration timeout, String what, Callable<T> call) {
        Context.CancellableContext context = Context.current()
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
        try {
            return context.call(call);
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw new TemporalUnavailableException("Temporal did not answer " + what + " within " + timeout
                        + ": " + rootMessage(e), e);
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        } finally {
            context.cancel(null);
        }
    }

    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException status && UNAVAILABLE.contains(status.getStatus().getCode())) {
                return true;
            }
            if (t instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
