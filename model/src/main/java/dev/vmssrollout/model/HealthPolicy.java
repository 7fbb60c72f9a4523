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
 * refuses a scale set that has no health source. {@code waveDeadline} (null: {@link #waveDeadlineOrDefault()}) is
 * the longest one wave may take from its {@code manualupgrade} to healthy, Azure's retries and 409s included; a wave
 * that has not ended by then fails, and {@code onFailure} says what happens next.
 */
public record HealthPolicy(Duration timeout, Duration minReady, int maxUnhealthyPercent, Boolean requireSignal,
                           Duration waveDeadline) {

    @JsonCreator
    public HealthPolicy {
    }

    public HealthPolicy(Duration timeout, Duration minReady, int maxUnhealthyPercent, Boolean requireSignal) {
        this(timeout, minReady, maxUnhealthyPercent, requireSignal, null);
    }

    public HealthPolicy(Duration timeout, Duration minReady, int maxUnhealthyPercent) {
        this(timeout, minReady, maxUnhealthyPercent, null, null);
    }

    /**
     * What the manualupgrade of one wave may take before its health wait starts: reimaging takes minutes per
     * instance, and the instances of a wave go in parallel, so an hour is slow but possible; beyond it, a wave is
     * stuck (a 409 that does not clear, 5xx for an hour) and a person must look.
     */
    public static final Duration UPGRADE_ALLOWANCE = Duration.ofHours(1);

    /** The plan's deadline, or the health timeout plus {@link #UPGRADE_ALLOWANCE} (PT1H30M with the defaults). */
    @JsonIgnore
    public Duration waveDeadlineOrDefault() {
        if (waveDeadline != null) {
            return waveDeadline;
        }
        return (timeout == null ? DEFAULT_TIMEOUT : timeout).plus(UPGRADE_ALLOWANCE);
    }

    public HealthPolicy withWaveDeadline(Duration deadline) {
        return new HealthPolicy(timeout, minReady, maxUnhealthyPercent, requireSignal, deadline);
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
