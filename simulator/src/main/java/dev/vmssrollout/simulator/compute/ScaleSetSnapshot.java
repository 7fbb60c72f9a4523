package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;

import java.util.List;

/** A scale set as persisted in the data directory. */
public record ScaleSetSnapshot(ScaleSetKey key, ScaleSetSetup setup, ScaleSetModel model, Faults faults,
                               List<InstanceState> instances, ScaleSetStats.StatsSnapshot stats,
                               RollingUpgradeState rollingUpgrade) {
}
