package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.compute.RollingUpgradeState.Status;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Upgrades every outdated instance in batches of {@code maxBatchInstancePercent} of the capacity, in update-domain
 * order, waiting for each batch to boot and pausing between batches. Stops as Faulted when more upgraded instances
 * than {@code maxUnhealthyUpgradedInstancePercent} are unhealthy or failed. Runs under its scale set's lock.
 */
final class RollingUpgrade {
    static final String OPERATION_NAME = "OSRollingUpgrade";
    static final String CANCEL_OPERATION_NAME = "CancelRollingUpgrade";

    private final ScaleSet scaleSet;
    private final RollingUpgradePolicy policy;
    private final AsyncOperation operation;
    private final Instant startTime = Instant.now();
    private final Deque<Instance> pending = new ArrayDeque<>();
    private List<Instance> currentBatch = List.of();
    private int successful;
    private int failed;
    private Status status = Status.ROLLING_FORWARD;
    private String lastAction = "Start";
    private Instant lastActionTime = startTime;
    private ArmError error;
    private AsyncOperation cancellation;

    RollingUpgrade(ScaleSet scaleSet, RollingUpgradePolicy policy, AsyncOperation operation) {
        this.scaleSet = scaleSet;
        this.policy = policy;
        this.operation = operation;
    }

    AsyncOperation operation() {
        return operation;
    }

    void start() {
        pending.addAll(scaleSet.outdatedByUpdateDomain());
        nextBatch();
    }

    /** Takes effect after the running batch, as in Azure. */
    void cancel(AsyncOperation cancelOperation) {
        cancellation = cancelOperation;
        lastAction = "Cancel";
        lastActionTime = Instant.now();
    }

    void abandon() {
        operation.cancel(new ArmError("OperationPreempted", "The scale set was replaced or the simulator stopped."));
        if (cancellation != null) {
            cancellation.succeed();
        }
    }

    RollingUpgradeState state() {
        return new RollingUpgradeState(status, policy, startTime, lastAction, lastActionTime, successful, failed,
            currentBatch.size(), pending.size(), error);
    }

    private void nextBatch() {
        if (cancellation != null) {
            end(Status.CANCELLED, new ArmError("OperationCanceled", "The rolling upgrade was cancelled."));
            return;
        }
        if (pending.isEmpty()) {
            end(Status.COMPLETED, null);
            return;
        }
        int batchSize = Math.max(1, (scaleSet.capacity() * policy.maxBatchInstancePercent() + 99) / 100);
        List<Instance> batch = new ArrayList<>();
        while (batch.size() < batchSize && !pending.isEmpty()) {
            batch.add(pending.poll());
        }
        currentBatch = batch;
        List<String> ids = batch.stream().map(Instance::instanceId).toList();
        scaleSet.beginUpdates(batch, true, new UpgradeBatch(ids, UpgradeBatch::none, this::batchBooted));
    }

    private void batchBooted(UpgradeBatch batch) {
        long unhealthy = currentBatch.stream()
            .filter(vm -> !batch.failed().contains(vm.instanceId()) && vm.health() == Health.UNHEALTHY)
            .count();
        int bad = batch.failed().size() + (int) unhealthy;
        failed += bad;
        successful += currentBatch.size() - bad;
        currentBatch = List.of();
        if (failed * 100 > policy.maxUnhealthyUpgradedInstancePercent() * (successful + failed)) {
            end(Status.FAULTED, new ArmError("MaxUnhealthyUpgradedInstancePercentExceededInRollingUpgrade",
                failed + " of " + (successful + failed) + " upgraded instances are unhealthy or failed, more than "
                    + policy.maxUnhealthyUpgradedInstancePercent() + "% allowed."));
            return;
        }
        scaleSet.timers().after(policy.pause().toMillis(), () -> scaleSet.locked(this::nextBatch));
    }

    private void end(Status finalStatus, ArmError failure) {
        status = finalStatus;
        error = failure;
        lastActionTime = Instant.now();
        switch (finalStatus) {
            case COMPLETED -> operation.succeed();
            case CANCELLED -> operation.cancel(failure);
            default -> operation.fail(failure);
        }
        if (cancellation != null) {
            cancellation.succeed();
        }
        scaleSet.rollingUpgradeEnded(this);
    }
}
