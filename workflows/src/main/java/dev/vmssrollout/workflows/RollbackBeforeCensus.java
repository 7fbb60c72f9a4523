package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.failure.ActivityFailure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rollback of runs started before {@link WorkflowChanges#ROLLBACK_CENSUS}, kept only so that
 * their histories replay: it re-sends every instance of every started wave and stops at the first
 * failed wave. New runs use {@link Rollback}.
 */
final class RollbackBeforeCensus {

    private final RolloutData data;
    private final EventLog events;
    private final ScaleSetActivities azure;
    private final WaveUpgrade upgrade;

    RollbackBeforeCensus(RolloutData data, EventLog events, ScaleSetActivities azure, WaveUpgrade upgrade) {
        this.data = data;
        this.events = events;
        this.azure = azure;
        this.upgrade = upgrade;
    }

    Outcome run(String why) {
        Image previous = data.baseline.previousImage();
        Rollback.started(events, previous, why);
        try {
            azure.updateModelImage(data.target(), previous);
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return Outcome.failed("rollback could not put " + previous + " back into the model: "
                    + Failures.describe(failure) + "; no instance was rolled back");
        }
        data.modelImage = previous;
        int returned = 0;
        List<Integer> lastFirst = new ArrayList<>(data.startedWaves);
        Collections.reverse(lastFirst);
        for (int index : lastFirst) {
            String problem = rollBack(index);
            if (problem != null) {
                Wave wave = data.wave(index);
                return Outcome.failed("rollback of " + data.waveName(index) + " (" + wave.label() + ") failed: " + problem
                        + "; the model holds " + previous + " again, " + returned + " instances were rolled back"
                        + " and the earlier waves still run " + data.baseline.targetImage());
            }
            returned += data.wave(index).size();
        }
        return Outcome.rolledBack(returned, previous);
    }

    private String rollBack(int index) {
        Wave wave = data.wave(index);
        data.currentWave = index;
        events.record(Change.of(EventType.ROLLBACK_WAVE_STARTED, index + 1, data.waveCount(), wave.size())
                .wave(index, WaveState.ROLLING_BACK)
                .instances(wave.instanceIds(), InstanceState.UPGRADING));
        WaveUpgrade.Result result = upgrade.run(wave.instanceIds(), () -> { });
        if (!result.healthy()) {
            events.record(Change.of(EventType.ROLLBACK_WAVE_FAILED, index + 1, data.waveCount(), result.problem())
                    .wave(index, WaveState.FAILED)
                    .instances(result.instances()));
            return result.problem();
        }
        events.record(Change.of(EventType.ROLLBACK_WAVE_COMPLETED, index + 1, data.waveCount(), wave.size())
                .wave(index, WaveState.ROLLED_BACK)
                .instances(wave.instanceIds(), InstanceState.ROLLED_BACK));
        return null;
    }
}
