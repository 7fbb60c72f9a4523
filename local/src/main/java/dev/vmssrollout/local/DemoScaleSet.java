package dev.vmssrollout.local;

import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.simulator.compute.ArmException;

/**
 * The scale set every newcomer rolls out first (DESIGN.md, "Local stack demo data"): 20 instances over update
 * and fault domains 0-4, upgrade policy Manual, Ubuntu 24.04 from September 2024.
 */
final class DemoScaleSet {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "demo-rg";
    static final String NAME = "web";
    static final ScaleSetKey KEY = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, NAME);
    static final OsImage IMAGE = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    /** The version the first rollout of README.md moves to. */
    static final String NEXT_VERSION = "24.04.202410010";

    private DemoScaleSet() {
    }

    /**
     * Creates the demo scale set unless the simulator already has it: a restart must keep the instances a rollout
     * already upgraded, and replacing the scale set would put them back on the old image.
     *
     * @return whether it was created now
     */
    static boolean ensurePresent(Simulator simulator, long upgradeMillis, long bootMillis) {
        try {
            simulator.report(KEY);
            return false;
        } catch (ArmException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        simulator.createScaleSet(KEY, ScaleSetSpec.builder()
                .capacity(20)
                .updateDomains(5)
                .faultDomains(5)
                .upgradePolicy(UpgradeMode.MANUAL)
                .image(IMAGE)
                .upgradeMillis(upgradeMillis)
                .bootMillis(bootMillis)
                .build());
        return true;
    }
}
