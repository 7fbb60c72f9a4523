package dev.vmssrollout.model;

import java.util.List;

/** The ordered waves of a rollout, and the instances left out because they already run the target image. */
public record WavePlan(List<Wave> waves, List<String> skippedInstanceIds) {

    public WavePlan {
        waves = List.copyOf(waves);
        skippedInstanceIds = List.copyOf(skippedInstanceIds);
    }

    public int largestWave() {
        return waves.stream().mapToInt(Wave::size).max().orElse(0);
    }

    public int instanceCount() {
        return waves.stream().mapToInt(Wave::size).sum();
    }
}
