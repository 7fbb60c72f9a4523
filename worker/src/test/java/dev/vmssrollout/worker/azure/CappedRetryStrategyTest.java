package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpHeaderName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CappedRetryStrategyTest {

    private final CappedRetryStrategy strategy = new CappedRetryStrategy(4, Duration.ofSeconds(30));

    @Test
    void honoursRetryAfterBelowTheCap() {
        var response = TestResponses.withHeader(HttpHeaderName.RETRY_AFTER, "7");

        assertThat(strategy.delayFor(response, 0)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void capsComputesLongRetryAfter() {
        var response = TestResponses.withHeader(HttpHeaderName.RETRY_AFTER, "1200");

        assertThat(strategy.delayFor(response, 0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backsOffExponentiallyWithoutRetryAfter() {
        assertThat(strategy.calculateRetryDelay(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(strategy.calculateRetryDelay(3)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        assertThat(strategy.calculateRetryDelay(20)).isLessThanOrEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void retriesThrottlingAndServerErrorsButNotClientErrors() {
        assertThat(strategy.shouldRetry(TestResponses.status(429))).isTrue();
        assertThat(strategy.shouldRetry(TestResponses.status(503))).isTrue();
        assertThat(strategy.shouldRetry(TestResponses.status(400))).isFalse();
        assertThat(strategy.shouldRetry(TestResponses.status(404))).isFalse();
    }
}
