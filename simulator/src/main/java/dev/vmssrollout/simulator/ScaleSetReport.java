package dev.vmssrollout.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to a scale set since it was created or the report was reset. The JSON field names are a contract
 * (DESIGN.md): {@code capacity}, {@code minInService}, {@code upgradeCounts}, {@code armRequests}, {@code throttled}.
 *
 * @param minInService   fewest instances that were at once running, healthy and not updating
 * @param upgradeCounts  instance id -> upgrades started on it (no-op upgrades and reimages do not count)
 * @param armRequests    ARM operation name -> requests received, including those answered 429 or 5xx
 * @param throttled      requests answered 429
 * @param injectedErrors requests answered 500/503 by the transient-fault injection, or 409 by the conflict one
 */
public record ScaleSetReport(int capacity, int minInService, Map<String, Integer> upgradeCounts,
                             Map<String, Long> armRequests, long throttled, long injectedErrors) {

    public ScaleSetReport {
        // Copies keep the caller's order (instance ids ascending, operations by name) for readable JSON.
        upgradeCounts = Collections.unmodifiableMap(new LinkedHashMap<>(upgradeCounts));
        armRequests = Collections.unmodifiableMap(new LinkedHashMap<>(armRequests));
    }

    public long armRequests(String operation) {
        return armRequests.getOrDefault(operation, 0L);
    }
}
