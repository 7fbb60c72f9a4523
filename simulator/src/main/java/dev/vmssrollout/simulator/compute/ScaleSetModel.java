package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.UpgradeMode;

import java.util.Objects;

/** The part of a scale set model that clients change: image, upgrade policy, size and OS profile. */
public record ScaleSetModel(OsImage image, UpgradeMode upgradeMode, RollingUpgradePolicy rollingUpgradePolicy,
                            String vmSize, String skuTier, int capacity, String computerNamePrefix,
                            String adminUsername) {

    public ScaleSetModel {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(upgradeMode, "upgradeMode");
        rollingUpgradePolicy = rollingUpgradePolicy == null ? RollingUpgradePolicy.DEFAULT : rollingUpgradePolicy;
        skuTier = skuTier == null ? "Standard" : skuTier;
        adminUsername = adminUsername == null ? "azureuser" : adminUsername;
    }

    public ScaleSetModel withImage(OsImage newImage) {
        return new ScaleSetModel(newImage, upgradeMode, rollingUpgradePolicy, vmSize, skuTier, capacity,
            computerNamePrefix, adminUsername);
    }

    public ScaleSetModel withUpgradePolicy(UpgradeMode mode, RollingUpgradePolicy rollingPolicy) {
        return new ScaleSetModel(image, mode, rollingPolicy, vmSize, skuTier, capacity, computerNamePrefix,
            adminUsername);
    }

    public ScaleSetModel withSku(String newVmSize, String newTier, int newCapacity) {
        return new ScaleSetModel(image, upgradeMode, rollingUpgradePolicy, newVmSize, newTier, newCapacity,
            computerNamePrefix, adminUsername);
    }
}
