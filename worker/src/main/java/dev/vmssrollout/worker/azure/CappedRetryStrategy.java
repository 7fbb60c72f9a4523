package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff that honours Retry-After up to a cap. Compute may answer a 429 with
 * Retry-After of 1200 s; azure-core's default policy would block an activity thread that long,
 * long past its heartbeat timeout. Beyond the cap the activity's own retries take over.
 */
final class CappedRetryStrategy implements RetryStrategy {

    /**
     * azure-core reads the configured header itself and only asks the strategy when it is absent;
     * naming a header ARM never sends routes every decision, Retry-After included, through here.
     */
    private static final String NEVER_SENT_HEADER = "x-vmss-rollout-retry-after-handled-by-strategy";
    private static final Duration BASE_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

    private final int maxRetries;
    private final Duration maxRetryAfter;

    CappedRetryStrategy(int maxRetries, Duration maxRetryAfter) {
        this.maxRetries = maxRetries;
        this.maxRetryAfter = maxRetryAfter;
    }

    static RetryPolicy policy(int maxRetries, Duration maxRetryAfter) {
        return new RetryPolicy(new CappedRetryStrategy(maxRetries, maxRetryAfter), NEVER_SENT_HEADER, ChronoUnit.SECONDS);
    }

    @Override
    public int getMaxRetries() {
        return maxRetries;
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
        long exponential = BASE_DELAY.toMillis() << Math.min(retryAttempts, 10);
        long capped = Math.min(exponential, MAX_BACKOFF.toMillis());
        // Full jitter: concurrent rollouts that were throttled together do not retry together.
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
    }

    @Override
    public Duration calculateRetryDelay(RequestRetryCondition condition) {
        return delayFor(condition.getResponse(), condition.getTryCount());
    }

    Duration delayFor(HttpResponse response, int tryCount) {
        Duration retryAfter = response == null ? null : retryAfter(response);
        if (retryAfter == null) {
            return calculateRetryDelay(tryCount);
        }
        return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }

    @Override
    public boolean shouldRetry(HttpResponse response) {
        int status = response.getStatusCode();
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    /** A refused sign-in does not heal by asking again (see {@link SignInRefused}). */
    @Override
    public boolean shouldRetryException(Throwable throwable) {
        return !(throwable instanceof SignInRefused) && RetryStrategy.super.shouldRetryException(throwable);
    }

    static Duration retryAfter(HttpResponse response) {
        String seconds = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
        if (seconds != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(seconds.trim()));
            } catch (NumberFormatException notSeconds) {
                return null; // an HTTP date: fall back to backoff rather than trust a clock we don't share
            }
        }
        String millis = response.getHeaderValue(HttpHeaderName.fromString("retry-after-ms"));
        if (millis == null) {
            millis = response.getHeaderValue(HttpHeaderName.fromString("x-ms-retry-after-ms"));
        }
        try {
            return millis == null ? null : Duration.ofMillis(Long.parseLong(millis.trim()));
        } catch (NumberFormatException malformed) {
            return null;
        }
    }
}
