package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.compute.RollingUpgradeState.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds scale sets from a spec (new) or from a snapshot (after a restart). */
public final class ScaleSetFactory {
    private static final int MAX_COMPUTER_NAME_PREFIX = 9;

    private ScaleSetFactory() {
    }

    public static ScaleSet create(ScaleSetKey key, ScaleSetSpec spec, ScaleSetContext context) {
        Instant now = Instant.now();
        ScaleSetSetup setup = new ScaleSetSetup(UUID.randomUUID().toString(), now, spec.location(),
            spec.updateDomains(), spec.faultDomains(), spec.zones(), spec.upgradeMillis(), spec.bootMillis(),
            spec.healthExtension());
        String prefix = key.name().length() > MAX_COMPUTER_NAME_PREFIX
            ? key.name().substring(0, MAX_COMPUTER_NAME_PREFIX) : key.name();
        ScaleSetModel model = new ScaleSetModel(spec.image(), spec.upgradePolicy(), RollingUpgradePolicy.DEFAULT,
            spec.vmSize(), "Standard", spec.capacity(), prefix, "azureuser");
        List<InstanceState> instances = new ArrayList<>();
        for (int i = 0; i < spec.capacity(); i++) {
            String zone = spec.zones().isEmpty() ? null : spec.zones().get(i % spec.zones().size());
            instances.add(new InstanceState(String.valueOf(i), UUID.randomUUID().toString(),
                i % spec.updateDomains(), i % spec.faultDomains(), zone, spec.image(), true,
                ProvisioningState.SUCCEEDED, PowerState.RUNNING, Health.HEALTHY, null, now));
        }
        List<String> ids = instances.stream().map(InstanceState::instanceId).toList();
        return new ScaleSet(key, setup, model, Faults.none(), instances, new ScaleSetStats(ids, instances.size()),
            context, 1, spec.capacity(), spec.tags());
    }

    /**
     * Restores a persisted scale set. Instances that were updating or booting at shutdown finish instantly: an
     * update succeeds or fails as the persisted faults say, and a boot ends healthy or not likewise. A rolling
     * upgrade that was running does not resume; it reads as Cancelled.
     */
    public static ScaleSet restore(ScaleSetSnapshot snapshot, ScaleSetContext context) {
        Faults faults = snapshot.faults() == null ? Faults.none() : snapshot.faults();
        List<InstanceState> instances = snapshot.instances().stream()
            .map(state -> settle(state, snapshot.model().image(), faults))
            .toList();
        int inService = (int) instances.stream().filter(InstanceState::inService).count();
        ScaleSet scaleSet = new ScaleSet(snapshot.key(), snapshot.setup(), snapshot.model(), faults, instances,
            ScaleSetStats.restore(snapshot.stats(), inService, instances.size()), context,
            Math.max(1, snapshot.modelVersion()), nextInstanceId(snapshot), snapshot.tags());
        RollingUpgradeState rolling = snapshot.rollingUpgrade();
        if (rolling != null) {
            scaleSet.restoreLastRollingUpgrade(rolling.rollingForward() ? interrupted(rolling) : rolling);
        }
        return scaleSet;
    }

    /** Instance IDs are never reused; snapshots written before scale-in existed did not record the next one. */
    private static int nextInstanceId(ScaleSetSnapshot snapshot) {
        if (snapshot.nextInstanceId() != null) {
            return snapshot.nextInstanceId();
        }
        return snapshot.stats().upgradeCounts().keySet().stream().mapToInt(Integer::parseInt).max().orElse(-1) + 1;
    }

    private static InstanceState settle(InstanceState state, OsImage modelImage, Faults faults) {
        OsImage image = state.image();
        boolean latest = state.latestModelApplied();
        ProvisioningState provisioning = state.provisioningState();
        if (provisioning == ProvisioningState.CREATING) {
            provisioning = ProvisioningState.SUCCEEDED;
        } else if (provisioning == ProvisioningState.UPDATING) {
            boolean succeeded = !faults.upgradeFails(state.instanceId(), state.upgradeTarget());
            image = succeeded ? state.upgradeTarget() : image;
            latest = succeeded ? image.equals(modelImage) : latest;
            provisioning = succeeded ? ProvisioningState.SUCCEEDED : ProvisioningState.FAILED;
        }
        Health health = state.powerState() == PowerState.RUNNING ? state.health()
            : faults.isUnhealthy(image) ? Health.UNHEALTHY : Health.HEALTHY;
        return new InstanceState(state.instanceId(), state.vmId(), state.updateDomain(), state.faultDomain(),
            state.zone(), image, latest, provisioning, PowerState.RUNNING, health, null, Instant.now());
    }

    private static RollingUpgradeState interrupted(RollingUpgradeState rolling) {
        return new RollingUpgradeState(Status.CANCELLED, rolling.policy(), rolling.startTime(), rolling.lastAction(),
            Instant.now(), rolling.successfulInstanceCount(), rolling.failedInstanceCount(), 0,
            rolling.pendingInstanceCount() + rolling.inProgressInstanceCount(),
            new ArmError("OperationPreempted", "The simulator restarted during the rolling upgrade."));
    }
}
