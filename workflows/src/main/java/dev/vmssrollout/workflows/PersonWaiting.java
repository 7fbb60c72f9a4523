package dev.vmssrollout.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

import java.time.Duration;

/**
 * Activity options for the short workflows a person waits on (an inspection, a scale set list): a few quick tries,
 * then an answer, instead of retrying for minutes as a rollout does.
 */
final class PersonWaiting {

    private PersonWaiting() {
    }

    /** Azure calls: Azure's refusals that retrying cannot fix are not retried. */
    static ActivityOptions azureCalls() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setMaximumAttempts(3)
                        .setInitialInterval(Duration.ofMillis(500))
                        .setDoNotRetry(RolloutFailure.nonRetryableTypes())
                        .build())
                .build();
    }

    /** The guard's check of the API's request in PostgreSQL. */
    static ActivityOptions guardChecks() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build();
    }
}
