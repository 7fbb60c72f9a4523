package dev.vmssrollout.simulator.compute;

import java.time.Instant;
import java.util.List;

/** What is fixed when a simulated scale set is created: identity, placement and simulated timings. */
public record ScaleSetSetup(String uniqueId, Instant timeCreated, String location, int updateDomains,
                            int faultDomains, List<String> zones, long upgradeMillis, long bootMillis) {

    public ScaleSetSetup {
        zones = List.copyOf(zones);
    }
}
