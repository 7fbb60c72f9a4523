package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.OsImage;

import java.time.Instant;

/** One instance at one moment, for rendering and persistence. {@code image} is the image the instance runs. */
public record InstanceState(String instanceId, String vmId, int updateDomain, int faultDomain, String zone,
                            OsImage image, boolean latestModelApplied, ProvisioningState provisioningState,
                            PowerState powerState, Health health, OsImage upgradeTarget, Instant lastChange) {

    /** Running, healthy and not updating: the instance serves traffic. */
    public boolean inService() {
        return powerState == PowerState.RUNNING && health == Health.HEALTHY;
    }
}
