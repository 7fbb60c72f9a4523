package dev.vmssrollout.model.store;

import dev.vmssrollout.model.WaveState;

import java.time.Instant;
import java.util.List;

/**
 * One wave and its instances, sorted by instance ID as numbers.
 *
 * @param startedAt   when the wave last started upgrading; null before
 * @param completedAt when the wave reached SUCCEEDED, FAILED, CANCELLED or ROLLED_BACK; null while it has not
 */
public record WaveDetails(int index, String label, WaveState state, Instant startedAt, Instant completedAt,
                          List<InstanceStatus> instances) {

    public WaveDetails {
        instances = List.copyOf(instances);
    }
}
