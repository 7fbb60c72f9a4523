package dev.vmssrollout.simulator.compute;

import java.time.Instant;
import java.util.List;

/**
 * What is fixed when a simulated scale set is created: identity, placement, simulated timings, and whether it has
 * an Application Health extension ({@code null} in snapshots written before the option existed: it had one).
 */
public record ScaleSetSetup(String uniqueId, Instant timeCreated, String location, int updateDomains,
                            int faultDomains, List<String> zones, long upgradeMillis, long bootMillis,
                            Boolean healthExtension) {

    public boolean hasHealthExtension() {
        return !Boolean.FALSE.equals(healthExtension);
    }


    public ScaleSetSetup {
        zones = List.copyOf(zones);
    }
}
