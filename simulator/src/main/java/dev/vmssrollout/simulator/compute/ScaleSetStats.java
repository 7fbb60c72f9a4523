package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.ScaleSetReport;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters behind {@link ScaleSetReport}. {@code minInService} is updated on every instance transition,
 * never sampled, so no dip can slip between two looks.
 */
public final class ScaleSetStats {
    private static final Comparator<String> NUMERIC_IDS =
        Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private int capacity;
    private final Map<String, Integer> upgradeCounts = new TreeMap<>(NUMERIC_IDS);
    private final Map<String, Long> armRequests = new TreeMap<>();
    private int inService;
    private int minInService;
    private long throttled;
    private long injectedErrors;

    ScaleSetStats(Collection<String> instanceIds, int inService) {
        this.capacity = instanceIds.size();
        instanceIds.forEach(id -> upgradeCounts.put(id, 0));
        this.inService = inService;
        this.minInService = inService;
    }

    static ScaleSetStats restore(StatsSnapshot snapshot, int inService, int capacity) {
        ScaleSetStats stats = new ScaleSetStats(snapshot.upgradeCounts().keySet(), inService);
        stats.capacity = capacity;
        stats.upgradeCounts.putAll(snapshot.upgradeCounts());
        stats.armRequests.putAll(snapshot.armRequests());
        stats.minInService = Math.min(snapshot.minInService(), inService);
        stats.throttled = snapshot.throttled();
        stats.injectedErrors = snapshot.injectedErrors();
        return stats;
    }

    synchronized void inServiceChanged(boolean before, boolean after) {
        if (before == after) {
            return;
        }
        inService += after ? 1 : -1;
        minInService = Math.min(minInService, inService);
    }

    /** A scale-out added a VM; it enters service only once it has booted. */
    synchronized void instanceAdded(String instanceId) {
        capacity++;
        upgradeCounts.putIfAbsent(instanceId, 0);
    }

    /** A scale-in deleted a VM; its upgrade count stays in the report, and it leaves service if it served. */
    synchronized void instanceRemoved(boolean wasInService) {
        capacity--;
        inServiceChanged(wasInService, false);
    }

    synchronized void countUpgrade(String instanceId) {
        upgradeCounts.merge(instanceId, 1, Integer::sum);
    }

    public synchronized void countRequest(String operation) {
        armRequests.merge(operation, 1L, Long::sum);
    }

    public synchronized void countThrottled() {
        throttled++;
    }

    public synchronized void countInjectedError() {
        injectedErrors++;
    }

    synchronized void reset() {
        upgradeCounts.replaceAll((id, count) -> 0);
        armRequests.clear();
        minInService = inService;
        throttled = 0;
        injectedErrors = 0;
    }

    synchronized ScaleSetReport report() {
        return new ScaleSetReport(capacity, minInService, upgradeCounts, armRequests, throttled, injectedErrors);
    }

    synchronized StatsSnapshot snapshot() {
        return new StatsSnapshot(minInService, Map.copyOf(upgradeCounts), Map.copyOf(armRequests), throttled,
            injectedErrors);
    }

    /** The report counters as persisted. */
    public record StatsSnapshot(int minInService, Map<String, Integer> upgradeCounts, Map<String, Long> armRequests,
                                long throttled, long injectedErrors) {
    }
}
