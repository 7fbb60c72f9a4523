package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.ScaleSetKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** All async operations by id. Finished ones are forgotten after a while so a long run does not grow forever. */
public final class OperationRegistry {
    private static final int PRUNE_ABOVE = 10_000;
    private static final Duration KEEP_FINISHED = Duration.ofHours(1);
    private final Map<String, AsyncOperation> operations = new ConcurrentHashMap<>();

    public AsyncOperation start(String name, ScaleSetKey scaleSet) {
        return start(name, scaleSet, List.of());
    }

    public AsyncOperation start(String name, ScaleSetKey scaleSet, List<String> instanceIds) {
        prune();
        AsyncOperation operation = new AsyncOperation(name, scaleSet, instanceIds);
        operations.put(operation.id(), operation);
        return operation;
    }

    /** An operation that is over as soon as it starts, such as a model update. */
    public AsyncOperation completed(String name, ScaleSetKey scaleSet) {
        AsyncOperation operation = start(name, scaleSet);
        operation.succeed();
        return operation;
    }

    /** An operation that has failed as soon as it starts, such as a model update a fault refuses. */
    public AsyncOperation failed(String name, ScaleSetKey scaleSet, ArmError error) {
        AsyncOperation operation = start(name, scaleSet);
        operation.fail(error);
        return operation;
    }

    public Optional<AsyncOperation> find(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    public List<OperationSnapshot> snapshot() {
        return operations.values().stream()
            .map(AsyncOperation::snapshot)
            .sorted(Comparator.comparing(OperationSnapshot::startTime))
            .toList();
    }

    public void restore(List<OperationSnapshot> snapshots) {
        snapshots.forEach(snapshot -> operations.put(snapshot.id(), AsyncOperation.restore(snapshot)));
    }

    /**
     * Ends the operations a restart interrupted. Their instances finished instantly on restore, so an operation
     * failed if one of its instances did; a rolling upgrade does not resume and reads as canceled.
     */
    public void settleInterrupted(Function<ScaleSetKey, Set<String>> failedInstances) {
        for (AsyncOperation operation : operations.values()) {
            if (operation.isDone()) {
                continue;
            }
            Set<String> failed = failedInstances.apply(operation.scaleSet());
            List<String> failedHere = operation.instanceIds().stream().filter(failed::contains).toList();
            if (!failedHere.isEmpty()) {
                operation.fail(UpgradeBatch.failureOf(failedHere));
            } else if (operation.name().equals(RollingUpgrade.OPERATION_NAME)) {
                operation.cancel(new ArmError("OperationPreempted", "The simulator restarted during the rolling upgrade."));
            } else {
                operation.succeed();
            }
        }
    }

    /** Ends the running operations of a scale set that was replaced, so their pollers do not wait forever. */
    public void cancelRunning(ScaleSetKey scaleSet) {
        operations.values().stream()
            .filter(operation -> !operation.isDone() && operation.scaleSet().lookupKey().equals(scaleSet.lookupKey()))
            .forEach(operation -> operation.cancel(new ArmError("OperationPreempted", "The scale set was replaced.")));
    }

    private void prune() {
        if (operations.size() < PRUNE_ABOVE) {
            return;
        }
        Instant cutoff = Instant.now().minus(KEEP_FINISHED);
        operations.values().removeIf(op -> op.isDone() && op.endTime().isBefore(cutoff));
    }
}
