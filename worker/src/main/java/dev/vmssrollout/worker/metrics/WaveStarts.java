package dev.vmssrollout.worker.metrics;

import java.time.Instant;
import java.util.Optional;

/** When a wave started upgrading, as the store knows it: a wave may start on one worker and end on another. */
@FunctionalInterface
public interface WaveStarts {

    WaveStarts UNKNOWN = (rolloutId, wave) -> Optional.empty();

    Optional<Instant> startOf(String rolloutId, int wave);
}
