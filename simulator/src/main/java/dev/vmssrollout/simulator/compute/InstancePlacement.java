package dev.vmssrollout.simulator.compute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a scale-out puts new VMs and which VMs a scale-in removes. Compute spreads a Uniform scale set's VMs evenly
 * over zones, fault domains and update domains, and its default scale-in policy deletes from the most crowded zone,
 * then fault domain, the VM with the highest instance ID.
 */
final class InstancePlacement {
    private InstancePlacement() {
    }

    /** Update domain, fault domain and zone for one new VM, given the VMs already there. */
    record Slot(int updateDomain, int faultDomain, String zone) {
    }

    static Slot nextSlot(Collection<InstanceState> present, ScaleSetSetup setup) {
        String zone = setup.zones().isEmpty() ? null
            : leastUsed(setup.zones(), present, InstanceState::zone);
        int faultDomain = leastUsed(range(setup.faultDomains()), present, InstanceState::faultDomain);
        int updateDomain = leastUsed(range(setup.updateDomains()), present, InstanceState::updateDomain);
        return new Slot(updateDomain, faultDomain, zone);
    }

    /** The {@code count} VMs the default scale-in policy removes, in the order it removes them. */
    static List<String> scaleInVictims(Collection<InstanceState> present, int count) {
        List<InstanceState> remaining = new ArrayList<>(present);
        List<String> victims = new ArrayList<>();
        for (int i = 0; i < count && !remaining.isEmpty(); i++) {
            Map<String, Long> perZone = counts(remaining, vm -> String.valueOf(vm.zone()));
            Map<Integer, Long> perFaultDomain = counts(remaining, InstanceState::faultDomain);
            InstanceState victim = remaining.stream().max(Comparator
                .comparingLong((InstanceState vm) -> perZone.get(String.valueOf(vm.zone())))
                .thenComparingLong(vm -> perFaultDomain.get(vm.faultDomain()))
                .thenComparingLong(vm -> Long.parseLong(vm.instanceId()))).orElseThrow();
            remaining.remove(victim);
            victims.add(victim.instanceId());
        }
        return victims;
    }

    private static <T> T leastUsed(List<T> candidates, Collection<InstanceState> present,
                                   Function<InstanceState, T> domainOf) {
        Map<T, Long> used = counts(present, domainOf);
        T best = candidates.get(0);
        for (T candidate : candidates) {
            if (used.getOrDefault(candidate, 0L) < used.getOrDefault(best, 0L)) {
                best = candidate;
            }
        }
        return best;
    }

    private static <T> Map<T, Long> counts(Collection<InstanceState> instances, Function<InstanceState, T> key) {
        Map<T, Long> counts = new HashMap<>();
        instances.forEach(vm -> counts.merge(key.apply(vm), 1L, Long::sum));
        return counts;
    }

    private static List<Integer> range(int size) {
        List<Integer> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(i);
        }
        return values;
    }
}
