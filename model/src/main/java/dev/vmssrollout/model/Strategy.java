package dev.vmssrollout.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to cut the scale set into waves. {@code batchSize} / {@code batchPercent} size BATCH waves
 * (one of the two) and cap the waves of the other modes; {@code instanceIds} lists the instances
 * of an INSTANCES rollout. With {@code prioritizeUnhealthy}, unhealthy instances go first, as in
 * Azure's {@code prioritizeUnhealthyInstances}.
 */
public record Strategy(StrategyMode mode, Integer batchSize, Integer batchPercent, List<String> instanceIds,
                       Duration pauseBetweenWaves, boolean prioritizeUnhealthy) {

    public Strategy {
        // Not List.copyOf: it throws on a null element, and a null ID in a request is a violation for
        // PlanValidator to report against strategy.instanceIds, not a NullPointerException.
        instanceIds = instanceIds == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(instanceIds));
        pauseBetweenWaves = pauseBetweenWaves == null ? Duration.ZERO : pauseBetweenWaves;
    }

    public static Strategy byUpdateDomain() {
        return new Strategy(StrategyMode.UPDATE_DOMAIN, null, null, List.of(), Duration.ZERO, false);
    }

    public static Strategy of(StrategyMode mode) {
        return new Strategy(mode, null, null, List.of(), Duration.ZERO, false);
    }

    public Strategy withBatchSize(Integer size) {
        return new Strategy(mode, size, batchPercent, instanceIds, pauseBetweenWaves, prioritizeUnhealthy);
    }

    public Strategy withBatchPercent(Integer percent) {
        return new Strategy(mode, batchSize, percent, instanceIds, pauseBetweenWaves, prioritizeUnhealthy);
    }

    public Strategy withInstanceIds(List<String> ids) {
        return new Strategy(mode, batchSize, batchPercent, ids, pauseBetweenWaves, prioritizeUnhealthy);
    }

    public Strategy withPauseBetweenWaves(Duration pause) {
        return new Strategy(mode, batchSize, batchPercent, instanceIds, pause, prioritizeUnhealthy);
    }

    public Strategy prioritizingUnhealthy() {
        return new Strategy(mode, batchSize, batchPercent, instanceIds, pauseBetweenWaves, true);
    }
}
