package dev.vmssrollout.workflows;

import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state change of a rollout: what {@link RolloutData} applies and the event that records it,
 * described once so that the two cannot disagree.
 */
final class Change {

    final EventType type;
    final String message;
    String actor;
    RolloutState rolloutState;
    String reason;
    Integer wave;
    WaveState waveState;
    final Map<String, InstanceState> instances = new LinkedHashMap<>();
    private final Map<String, InstanceProblem> problems = new LinkedHashMap<>();
    WavePlan wavePlan;
    ProgressEvent.Baseline baseline;
    Instant nextWindowStart;

    private Change(EventType type, String message) {
        this.type = type;
        this.message = message;
    }

    static Change of(EventType type, Object... args) {
        return new Change(type, type.message(args));
    }

    /** An event whose message is the type's format followed by more detail. */
    static Change withDetail(String detail, EventType type, Object... args) {
        return new Change(type, detail == null ? type.message(args) : type.message(args) + detail);
    }

    Change by(String actor) {
        this.actor = actor;
        return this;
    }

    /** The rollout's new state; {@code reason} says why it stops or waits (null when running). */
    Change rollout(RolloutState state, String reason) {
        this.rolloutState = state;
        this.reason = reason;
        return this;
    }

    Change rollout(RolloutState state) {
        return rollout(state, null);
    }

    Change wave(int index, WaveState state) {
        this.wave = index;
        this.waveState = state;
        return this;
    }

    Change instances(Collection<String> ids, InstanceState state) {
        ids.forEach(id -> instances.put(id, state));
        return this;
    }

    Change instances(Map<String, InstanceState> states) {
        instances.putAll(states);
        return this;
    }

    /** What Azure said about the instances found failed or unhealthy. */
    Change problems(Map<String, InstanceProblem> found) {
        problems.putAll(found);
        return this;
    }

    Change plan(WavePlan plan) {
        this.wavePlan = plan;
        return this;
    }

    Change baseline(ProgressEvent.Baseline baseline) {
        this.baseline = baseline;
        return this;
    }

    Change nextWindowStart(Instant start) {
        this.nextWindowStart = start;
        return this;
    }

    /** {@code newRolloutState} is null when this change left the rollout's state as it was. */
    ProgressEvent toEvent(String rolloutId, long seq, Instant at, RolloutState newRolloutState) {
        return new ProgressEvent(rolloutId, seq, at, type, actor, message, newRolloutState, wave, waveState,
                instances, wavePlan, baseline, nextWindowStart, problems);
    }
}
