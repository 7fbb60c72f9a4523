package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.ScaleSetKey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A long-running operation the SDK polls through its {@code Azure-AsyncOperation} URL. */
public final class AsyncOperation {
    private final String id;
    private final String name;
    private final ScaleSetKey scaleSet;
    private final Instant startTime;
    private final List<String> instanceIds;
    private OperationStatus status = OperationStatus.IN_PROGRESS;
    private Instant endTime;
    private ArmError error;

    AsyncOperation(String name, ScaleSetKey scaleSet, List<String> instanceIds) {
        this(UUID.randomUUID().toString(), name, scaleSet, Instant.now(), instanceIds);
    }

    private AsyncOperation(String id, String name, ScaleSetKey scaleSet, Instant startTime,
                           List<String> instanceIds) {
        this.id = id;
        this.name = name;
        this.scaleSet = scaleSet;
        this.startTime = startTime;
        this.instanceIds = List.copyOf(instanceIds);
    }

    /** Rebuilds an operation from a snapshot. */
    static AsyncOperation restore(OperationSnapshot snapshot) {
        AsyncOperation operation = new AsyncOperation(snapshot.id(), snapshot.name(),
            snapshot.scaleSet(), snapshot.startTime(), snapshot.instanceIds());
        operation.status = snapshot.status();
        operation.endTime = snapshot.endTime();
        operation.error = snapshot.error();
        return operation;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ScaleSetKey scaleSet() {
        return scaleSet;
    }

    public Instant startTime() {
        return startTime;
    }

    /** The instances this operation upgrades or reimages; empty for other operations. */
    public List<String> instanceIds() {
        return instanceIds;
    }

    public synchronized OperationStatus status() {
        return status;
    }

    public synchronized Instant endTime() {
        return endTime;
    }

    public synchronized ArmError error() {
        return error;
    }

    public synchronized boolean isDone() {
        return status != OperationStatus.IN_PROGRESS;
    }

    synchronized void succeed() {
        finish(OperationStatus.SUCCEEDED, null);
    }

    synchronized void fail(ArmError failure) {
        finish(OperationStatus.FAILED, failure);
    }

    synchronized void cancel(ArmError reason) {
        finish(OperationStatus.CANCELED, reason);
    }

    synchronized OperationSnapshot snapshot() {
        return new OperationSnapshot(id, name, scaleSet, startTime, instanceIds, status, endTime, error);
    }

    private void finish(OperationStatus finalStatus, ArmError failure) {
        if (status != OperationStatus.IN_PROGRESS) {
            return;
        }
        status = finalStatus;
        error = failure;
        endTime = Instant.now();
    }
}
