package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.schedule.WindowOverride;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a caller may want to know about a running rollout, as the workflow sees it now.
 *
 * @param reason                 why the rollout is paused, failed or waiting (null otherwise)
 * @param currentWave            the wave being worked on or next to start (null before planning)
 * @param waitingForApprovalWave the wave waiting for approval, if any
 * @param nextWindowStart        while WAITING_FOR_WINDOW: when the rollout may go on (null: no window leaves room)
 * @param windowOverride         the emergency override asked for on the rollout, if any
 */
public record RolloutProgress(String rolloutId, RolloutState state, String reason, Integer currentWave,
                              Integer waitingForApprovalWave, List<WaveProgress> waves,
                              List<String> skippedInstanceIds, Image previousImage, Image targetImage,
                              long lastSeq, Instant nextWindowStart, WindowOverride windowOverride) {

    public RolloutProgress {
        waves = waves == null ? List.of() : List.copyOf(waves);
        skippedInstanceIds = skippedInstanceIds == null ? List.of() : List.copyOf(skippedInstanceIds);
    }

    public record WaveProgress(int index, String label, WaveState state, Map<String, InstanceState> instances) {
    }
}
