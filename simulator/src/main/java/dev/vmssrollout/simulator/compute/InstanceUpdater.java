package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.OsImage;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Drives instances through an update (upgrade or reimage) and the boot after it on the simulated clock. Every step
 * runs under the scale set's lock and goes through {@link #transition}, so the report sees each change of service.
 */
final class InstanceUpdater {
    private final ScaleSet scaleSet;
    private final ScaleSetStats stats;
    private final Timers timers;
    private final ScaleSetSetup setup;

    InstanceUpdater(ScaleSet scaleSet, ScaleSetStats stats, Timers timers, ScaleSetSetup setup) {
        this.scaleSet = scaleSet;
        this.stats = stats;
        this.timers = timers;
        this.setup = setup;
    }

    /** Takes the instances out of service; {@code applyModel} upgrades them, otherwise they are reimaged. */
    void begin(List<Instance> targets, boolean applyModel, UpgradeBatch batch) {
        for (Instance vm : targets) {
            OsImage target = applyModel ? scaleSet.model().image() : vm.image();
            transition(vm, () -> vm.startUpdating(target));
            if (applyModel) {
                stats.countUpgrade(vm.instanceId());
            }
            timers.after(setup.upgradeMillis(), () -> finishUpdate(vm, batch));
        }
        batch.startedAll();
    }

    /** Provisions VMs a scale-out added (on the model they were created with), then boots them. */
    void create(List<Instance> created, UpgradeBatch batch) {
        for (Instance vm : created) {
            timers.after(setup.upgradeMillis(), () -> finishCreate(vm, batch));
        }
        batch.startedAll();
    }

    void transition(Instance vm, Runnable change) {
        boolean before = vm.inService();
        change.run();
        stats.inServiceChanged(before, vm.inService());
    }

    private void finishUpdate(Instance vm, UpgradeBatch batch) {
        finishProvisioning(vm, batch, () -> {
            boolean succeeded = !scaleSet.faults().upgradeFails(vm.instanceId(), vm.upgradeTarget());
            transition(vm, () -> vm.finishUpdating(succeeded, scaleSet.model().image()));
            return succeeded;
        });
    }

    private void finishCreate(Instance vm, UpgradeBatch batch) {
        finishProvisioning(vm, batch, () -> {
            boolean succeeded = !scaleSet.faults().upgradeFails(vm.instanceId(), vm.image());
            transition(vm, () -> vm.finishCreating(succeeded));
            return succeeded;
        });
    }

    /** Ends the provisioning phase ({@code finish} tells whether it succeeded), then boots the VM. */
    private void finishProvisioning(Instance vm, UpgradeBatch batch, BooleanSupplier finish) {
        synchronized (scaleSet) {
            if (scaleSet.isRetired()) {
                return;
            }
            if (vm.isDeleted()) {
                deletedMidway(vm, batch);
                return;
            }
            batch.updated(vm.instanceId(), finish.getAsBoolean());
            timers.after(setup.bootMillis(), () -> finishBoot(vm, batch));
            scaleSet.changed();
        }
    }

    /** A scale-in removed the VM while it was being updated or created: its operation stops waiting for it. */
    private static void deletedMidway(Instance vm, UpgradeBatch batch) {
        batch.updated(vm.instanceId(), true);
        batch.booted(vm.instanceId());
    }

    private void finishBoot(Instance vm, UpgradeBatch batch) {
        synchronized (scaleSet) {
            if (scaleSet.isRetired()) {
                return;
            }
            if (vm.isDeleted()) {
                batch.booted(vm.instanceId());
                return;
            }
            Health health = scaleSet.faults().isUnhealthy(vm.image()) ? Health.UNHEALTHY : Health.HEALTHY;
            transition(vm, () -> vm.finishBooting(health));
            batch.booted(vm.instanceId());
            scaleSet.changed();
        }
    }
}
