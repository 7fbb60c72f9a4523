package dev.vmssrollout.model.progress;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;

import java.time.Instant;
import java.util.Map;

/**
 * One state change of a rollout, as the workflow reports it and the database records it.
 * {@code seq} numbers a rollout's events 1, 2, 3... without gaps; recording an event whose seq is
 * already stored does nothing, so a retried activity never duplicates a row.
 * Fields that the change does not touch are null (or empty for {@code instances}).
 *
 * @param rolloutState   the rollout's new state, when it changed
 * @param wave           the 0-based wave index the change concerns
 * @param waveState      that wave's new state
 * @param instances      instance ID to new state, for instances whose state changed
 * @param wavePlan       the planned waves (WAVES_PLANNED only)
 * @param baseline       what the scale set ran before the rollout (PREFLIGHT_PASSED only)
 * @param nextWindowStart when a rollout waiting for its maintenance window may go on (WAITING_FOR_WINDOW
 *                        only; null there when no window leaves room for the next wave)
 * @param problems       instance ID to what Azure said about it, for instances the change finds failed or unhealthy
 *                       (empty otherwise); an instance whose state changes without one here has none any more
 */
public record ProgressEvent(String rolloutId, long seq, Instant at, EventType type, String actor, String message,
                            RolloutState rolloutState, Integer wave, WaveState waveState,
                            Map<String, InstanceState> instances, WavePlan wavePlan, Baseline baseline,
                            Instant nextWindowStart, Map<String, InstanceProblem> problems) {

    public ProgressEvent {
        instances = instances == null ? Map.of() : Map.copyOf(instances);
        problems = problems == null ? Map.of() : Map.copyOf(problems);
    }

    public ProgressEvent(String rolloutId, long seq, Instant at, EventType type, String actor, String message,
                         RolloutState rolloutState, Integer wave, WaveState waveState,
                         Map<String, InstanceState> instances, WavePlan wavePlan, Baseline baseline,
                         Instant nextWindowStart) {
        this(rolloutId, seq, at, type, actor, message, rolloutState, wave, waveState, instances, wavePlan, baseline,
                nextWindowStart, null);
    }

    public ProgressEvent(String rolloutId, long seq, Instant at, EventType type, String actor, String message,
                         RolloutState rolloutState, Integer wave, WaveState waveState,
                         Map<String, InstanceState> instances, WavePlan wavePlan, Baseline baseline) {
        this(rolloutId, seq, at, type, actor, message, rolloutState, wave, waveState, instances, wavePlan, baseline, null);
    }

    /**
     * The scale set before the rollout: the image to roll back to, the upgrade policy to restore
     * and the image the rollout moves to.
     */
    public record Baseline(Image previousImage, String previousUpgradePolicy, Image targetImage) {
    }
}
