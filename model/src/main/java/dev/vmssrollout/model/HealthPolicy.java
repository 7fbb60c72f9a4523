package dev.vmssrollout.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Duration;

/**
 * When a wave counts as healthy: every instance running the latest model and healthy for
 * {@code minReady}, within {@code timeout}; the wave fails as soon as more than
 * {@code maxUnhealthyPercent} of it is unhealthy or failed. {@code requireSignal}: an instance
 * counts as healthy only when a health source (the Application Health extension or a
 * load-balancer probe) says so; {@code false} lets a running, upgraded instance without any
 * signal count as healthy, and must be asked for; {@code null} means "required", and preflight
 * refuses a scale set that has no health source.
 */
public record HealthPolicy(Duration timeout, Duration minReady, int maxUnhealthyPercent, Boolean requireSignal) {

    @JsonCreator
    public HealthPolicy {
    }

    public HealthPolicy(Duration timeout, Duration minReady, int maxUnhealthyPercent) {
        this(timeout, minReady, maxUnhealthyPercent, null);
    }

    /** Whether an instance needs a health signal to count as healthy: unless the plan says requireSignal=false. */
    @JsonIgnore
    public boolean signalRequired() {
        return !Boolean.FALSE.equals(requireSignal);
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public static HealthPolicy defaults() {
        return new HealthPolicy(DEFAULT_TIMEOUT, Duration.ZERO, 0);
    }

    /** The most unhealthy instances a wave of {@code waveSize} may have and still pass. */
    public int toleratedUnhealthy(int waveSize) {
        return waveSize * maxUnhealthyPercent / 100;
    }
}
