package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

import java.time.Duration;
import java.util.Map;

/** Timeouts and retries of the rollout's activities. */
public final class RolloutActivityOptions {

    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Reading or updating the model: ARM answers in seconds, a model PUT is a short long-running operation. */
    static final Duration AZURE_CALL = Duration.ofMinutes(5);
    /**
     * One manualupgrade of one wave: reimaging takes minutes per instance but the instances of a
     * wave go in parallel. A retry after this finds the instances still upgrading and waits for them.
     */
    static final Duration UPGRADE = Duration.ofHours(1);
    /** awaitWaveHealthy returns TIMED_OUT at its deadline; this margin only covers a last slow poll. */
    static final Duration HEALTH_MARGIN = Duration.ofMinutes(5);
    static final Duration RECORD = Duration.ofSeconds(10);
    /** One attempt at every configured webhook; each request has its own, shorter timeout in the worker. */
    static final Duration NOTIFY = Duration.ofMinutes(2);
    /** However a webhook fails, its notification is given up on after this: the rollout may end meanwhile. */
    static final Duration NOTIFY_AT_MOST = Duration.ofHours(1);

    /** One measurement: a few provider requests, each with its own shorter timeout in the worker. */
    static final Duration MEASURE = Duration.ofMinutes(2);
    /** However the measuring activity fails (the database down, say), the sample is given up on after this. */
    static final Duration MEASURE_AT_MOST = Duration.ofMinutes(15);

    private RolloutActivityOptions() {
    }

    /**
     * Measuring is retried with backoff (a retry answers from the stored evidence); once given up on, the
     * workflow counts the sample INCONCLUSIVE.
     */
    public static ActivityOptions analysis() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(MEASURE)
                .setScheduleToCloseTimeout(MEASURE_AT_MOST)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /**
     * Every Azure activity heartbeats (the worker heartbeats while each ARM call runs), so a worker that dies inside
     * one is noticed after {@link #HEARTBEAT}, not after the start-to-close timeout (issue 12, scenario 10).
     * Timeouts are not part of the workflow's history checks: runs started before this replay unchanged.
     */
    public static ActivityOptions azure() {
        return heartbeating(AZURE_CALL);
    }

    /** Per activity type (the method name, capitalised), the options that differ from {@link #azure()}. */
    static Map<String, ActivityOptions> azurePerMethod(HealthPolicy health) {
        return Map.of(
                "UpgradeInstances", heartbeating(UPGRADE),
                "AwaitWaveHealthy", heartbeating(health.timeout().plus(HEALTH_MARGIN)));
    }

    /**
     * {@code options} for a release's call to an activity the rollout workers serve: release workers serve only the
     * release's own activities, on their own task queue.
     */
    public static ActivityOptions onRolloutWorkers(ActivityOptions options) {
        return ActivityOptions.newBuilder(options).setTaskQueue(TaskQueues.ROLLOUTS).build();
    }

    /** The side-door checks of operator actions and approvals ({@link WorkflowGuardActivities}). */
    public static ActivityOptions guard() {
        // The database may be briefly down: keep trying for a while, as progress recording does.
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .setMaximumAttempts(0)
                        .build())
                .build();
    }

    /**
     * Recording progress never gives up: PostgreSQL being down must delay the rollout, not fail it,
     * and recording is idempotent by seq. Window checks (a calendar read) take the same options.
     */
    public static ActivityOptions progress() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(RECORD)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .setMaximumAttempts(0)
                        .build())
                .build();
    }

    /**
     * Notifications are retried with backoff, and the worker gives up on a webhook after its
     * configured attempts (at most {@link NotificationActivities#MAX_ATTEMPTS}): a receiver that is
     * down must neither fail the rollout nor hold up its end for long.
     */
    public static ActivityOptions notification() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(NOTIFY)
                .setScheduleToCloseTimeout(NOTIFY_AT_MOST)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(NotificationActivities.MAX_ATTEMPTS)
                        .build())
                .build();
    }

    private static ActivityOptions heartbeating(Duration startToClose) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(startToClose)
                .setHeartbeatTimeout(HEARTBEAT)
                .setRetryOptions(azureRetry())
                .build();
    }

    /**
     * Throttling and outages are waited out with capped backoff (no attempt limit: a rollout
     * waits for Azure rather than failing half-way); what retrying cannot fix fails at once.
     */
    private static RetryOptions azureRetry() {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(2))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(60))
                .setMaximumAttempts(0)
                .setDoNotRetry(RolloutFailure.nonRetryableTypes())
                .build();
    }
}
