package dev.vmssrollout.workflows;

import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WaveState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where one planned wave and its instances stand. */
final class WaveStatus {

    final Wave wave;
    WaveState state = WaveState.PENDING;
    final Map<String, InstanceState> instances = new LinkedHashMap<>();

    WaveStatus(Wave wave) {
        this.wave = wave;
        wave.instanceIds().forEach(id -> instances.put(id, InstanceState.PENDING));
    }

    RolloutProgress.WaveProgress toProgress() {
        return new RolloutProgress.WaveProgress(wave.index(), wave.label(), state,
                Collections.unmodifiableMap(new LinkedHashMap<>(instances)));
    }
}
