package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.failure.ActivityFailure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Puts the previous image back into the model and re-upgrades every wave this rollout started,
 * last wave first, with the same health gate as the way forward. Idempotent: instances already on
 * the previous image are a no-op for upgradeInstances, so a rollback that is itself resumed simply
 * runs again from its first step.
 */
final class Rollback {

    private final RolloutData data;
    private final EventLog events;
    private final ScaleSetActivities azure;
    private final WaveUpgrade upgrade;

    Rollback(RolloutData data, EventLog events, ScaleSetActivities azure, WaveUpgrade upgrade) {
        this.data = data;
        this.events = events;
        this.azure = azure;
        this.upgrade = upgrade;
    }

    /**
     * Carries on with a rollback whose workflow was lost. The resume point says which waves
     * completed, not which were touched after a failed wave was accepted, so the instances say it:
     * every wave with an instance off the previous image is rolled back too.
     */
    Outcome resume(String why) {
        Image previous = data.baseline.previousImage();
        try {
            for (Instance instance : azure.listInstances(data.target())) {
                if (!previous.sameAs(instance.image())) {
                    data.waveOf(instance.instanceId()).ifPresent(data.startedWaves::add);
                }
            }
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            // Cannot tell which waves were touched: put every one back (a no-op where nothing changed).
            for (int index = 0; index < data.waveCount(); index++) {
                data.startedWaves.add(index);
            }
        }
        return run(why);
    }

    Outcome run(String why) {
        Image previous = data.baseline.previousImage();
        events.record(Change.withDetail(" (" + why + ")", EventType.ROLLBACK_STARTED, previous)
                .rollout(RolloutState.ROLLING_BACK, why));
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

    /** The problem, or null when the wave is back on the previous image and healthy. */
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
