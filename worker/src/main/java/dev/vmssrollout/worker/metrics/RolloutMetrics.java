package dev.vmssrollout.worker.metrics;

import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.ProgressEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts what the rollouts do, from the progress events the worker records: each event is counted
 * once, when the store takes it as new, so a retried activity never counts twice. Tags stay few
 * and bounded (direction, outcome, state): per scale set figures are in the database and the API,
 * and a fleet of thousands of scale sets would otherwise be thousands of series per meter.
 */
public final class RolloutMetrics {

    private static final Logger log = LoggerFactory.getLogger(RolloutMetrics.class);

    static final String FORWARD = "forward";
    static final String ROLLBACK = "rollback";
    /** Upgrades take minutes; these buckets tell a 2-minute wave from a 20-minute one. */
    private static final Duration[] WAVE_BUCKETS = {Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2)};

    private final MeterRegistry registry;
    private final WaveStarts waveStarts;
    private final Map<RolloutState, Counter> finished = new EnumMap<>(RolloutState.class);

    public RolloutMetrics(MeterRegistry registry, WaveStarts waveStarts) {
        this.registry = registry;
        this.waveStarts = waveStarts;
        for (RolloutState state : RolloutState.values()) {
            if (state.isTerminal()) {
                finished.put(state, Counter.builder("vmss.rollout.rollouts.finished")
                        .description("Rollouts that ended, by final state").tag("state", state.name())
                        .register(registry));
            }
        }
        for (String direction : new String[]{FORWARD, ROLLBACK}) {
            waves("started", direction);
            waves("completed", direction);
            waves("failed", direction);
            instances(direction);
        }
    }

    /** Counters only, for processes that do not run the worker's own HTTP endpoint (the one-JVM local stack). */
    public static RolloutMetrics global() {
        return new RolloutMetrics(Metrics.globalRegistry, WaveStarts.UNKNOWN);
    }

    /** Called once per event the store recorded as new; never throws (a meter must not fail a recording). */
    public void recorded(ProgressEvent event) {
        try {
            count(event);
        } catch (RuntimeException e) {
            log.warn("event {} of rollout {} was not counted: {}", event.seq(), event.rolloutId(), e.toString());
        }
    }

    private void count(ProgressEvent event) {
        switch (event.type()) {
            case WAVE_STARTED -> waves("started", FORWARD).increment();
            case ROLLBACK_WAVE_STARTED -> waves("started", ROLLBACK).increment();
            case WAVE_COMPLETED -> {
                waves("completed", FORWARD).increment();
                instances(FORWARD).increment(count(event, InstanceState.HEALTHY));
                time(event, "completed");
            }
            case ROLLBACK_WAVE_COMPLETED -> {
                waves("completed", ROLLBACK).increment();
                instances(ROLLBACK).increment(count(event, InstanceState.ROLLED_BACK));
            }
            case WAVE_FAILED -> {
                waves("failed", FORWARD).increment();
                time(event, "failed");
            }
            case ROLLBACK_WAVE_FAILED -> waves("failed", ROLLBACK).increment();
            case SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK -> finished.get(event.rolloutState() != null
                    ? event.rolloutState() : RolloutState.valueOf(event.type().name())).increment();
            default -> {
                // the other events change nothing these meters count
            }
        }
    }

    /**
     * Forward waves only: the store keeps when a wave started upgrading, and a rollback of a wave
     * does not restart that clock.
     */
    private void time(ProgressEvent event, String outcome) {
        if (event.wave() == null) {
            return;
        }
        waveStarts.startOf(event.rolloutId(), event.wave())
                .map(start -> Duration.between(start, event.at()))
                .filter(duration -> !duration.isNegative())
                .ifPresent(duration -> Timer.builder("vmss.rollout.wave.duration")
                        .description("From a wave's manualupgrade to the wave healthy (completed) or given up on (failed)")
                        .tag("outcome", outcome)
                        .serviceLevelObjectives(WAVE_BUCKETS)
                        .register(registry)
                        .record(duration));
    }

    private Counter waves(String what, String direction) {
        return Counter.builder("vmss.rollout.waves." + what)
                .description("Waves " + what + ", forward or in a rollback")
                .tag("direction", direction)
                .register(registry);
    }

    private Counter instances(String direction) {
        return Counter.builder("vmss.rollout.instances.upgraded")
                .description("Instances upgraded in completed waves (direction=rollback: returned to the previous image)")
                .tag("direction", direction)
                .register(registry);
    }

    private static long count(ProgressEvent event, InstanceState state) {
        return event.instances().values().stream().filter(s -> s == state).count();
    }
}
