package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.ScaleSetKey;

import java.time.Instant;
import java.util.List;

/** An {@link AsyncOperation} as persisted, so a client polling across a restart still gets an answer. */
public record OperationSnapshot(String id, String name, ScaleSetKey scaleSet, Instant startTime,
                                List<String> instanceIds,
                                OperationStatus status, Instant endTime, ArmError error) {
}
