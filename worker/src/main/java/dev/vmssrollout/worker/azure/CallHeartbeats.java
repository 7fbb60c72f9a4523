package dev.vmssrollout.worker.azure;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats for the activity while one ARM call runs. A call can take longer than the heartbeat timeout without
 * being stuck: the SDK's retry policy waits out Retry-After (up to the configured cap, 60 s by default) inside the
 * call, and ARM itself may answer slowly. Without heartbeats Temporal would declare the attempt dead and start
 * another one beside it, spending more high-cost reads while throttled.
 */
final class CallHeartbeats implements AutoCloseable {

    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "arm-call-heartbeats");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledFuture<?> ticking;

    private CallHeartbeats(ScheduledFuture<?> ticking) {
        this.ticking = ticking;
    }

    /** Starts heartbeating every {@code every} while the call runs; does nothing outside an activity. */
    static CallHeartbeats during(String action, Duration every) {
        ActivityExecutionContext context;
        try {
            context = Activity.getExecutionContext();
        } catch (RuntimeException notInAnActivity) {
            return new CallHeartbeats(null);
        }
        String details = "waiting on Azure: " + action;
        long millis = every.toMillis();
        return new CallHeartbeats(TICKER.scheduleAtFixedRate(() -> {
            try {
                context.heartbeat(details);
            } catch (ActivityCompletionException ended) {
                // cancelled or timed out: the activity thread finds out on its own next heartbeat or result
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
