package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;

import java.util.List;
import java.util.Map;

/**
 * A scale set as persisted in the data directory. {@code modelVersion} (its ETag) and {@code nextInstanceId} are
 * absent from older snapshots: 0 and null.
 */
public record ScaleSetSnapshot(ScaleSetKey key, ScaleSetSetup setup, ScaleSetModel model, Faults faults,
                               List<InstanceState> instances, ScaleSetStats.StatsSnapshot stats,
                               RollingUpgradeState rollingUpgrade, long modelVersion, Integer nextInstanceId,
                               Map<String, String> tags) {
}
