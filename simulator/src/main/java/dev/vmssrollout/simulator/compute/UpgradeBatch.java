package dev.vmssrollout.simulator.compute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Instances whose upgrade (or reimage) started together. Tells its owner once every one finished the update
 * phase and once every one booted. Used only under the owning scale set's lock.
 */
final class UpgradeBatch {
    private final Set<String> updating;
    private final Set<String> booting;
    private final List<String> failed = new ArrayList<>();
    private final Consumer<UpgradeBatch> whenUpdated;
    private final Consumer<UpgradeBatch> whenBooted;

    UpgradeBatch(Collection<String> instanceIds, Consumer<UpgradeBatch> whenUpdated, Consumer<UpgradeBatch> whenBooted) {
        this.updating = new HashSet<>(instanceIds);
        this.booting = new HashSet<>(instanceIds);
        this.whenUpdated = whenUpdated;
        this.whenBooted = whenBooted;
    }

    /** Reports an empty batch as done at once. */
    void startedAll() {
        if (updating.isEmpty()) {
            whenUpdated.accept(this);
        }
        if (booting.isEmpty()) {
            whenBooted.accept(this);
        }
    }

    void updated(String instanceId, boolean succeeded) {
        if (!succeeded) {
            failed.add(instanceId);
        }
        if (updating.remove(instanceId) && updating.isEmpty()) {
            whenUpdated.accept(this);
        }
    }

    void booted(String instanceId) {
        if (booting.remove(instanceId) && booting.isEmpty()) {
            whenBooted.accept(this);
        }
    }

    List<String> failed() {
        return List.copyOf(failed);
    }

    static ArmError failureOf(List<String> failedInstanceIds) {
        return new ArmError(ProvisioningState.FAILURE_CODE, "The upgrade of instance(s) " + String.join(", ", failedInstanceIds)
            + " failed: the new OS image did not provision (simulated fault).");
    }

    static void none(UpgradeBatch batch) {
        // nothing to do at this milestone
    }
}
