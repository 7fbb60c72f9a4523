package dev.vmssrollout.model;

import java.time.Duration;

/**
 * When a wave counts as healthy: every instance running the latest model and healthy for
 * {@code minReady}, within {@code timeout}; the wave fails as soon as more than
 * {@code maxUnhealthyPercent} of it is unhealthy or failed.
 */
public record HealthPolicy(Duration timeout, Duration minReady, int maxUnhealthyPercent) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public static HealthPolicy defaults() {
        return new HealthPolicy(DEFAULT_TIMEOUT, Duration.ZERO, 0);
    }

    /** The most unhealthy instances a wave of {@code waveSize} may have and still pass. */
    public int toleratedUnhealthy(int waveSize) {
        return waveSize * maxUnhealthyPercent / 100;
    }
}
