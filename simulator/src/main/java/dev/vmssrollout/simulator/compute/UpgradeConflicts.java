package dev.vmssrollout.simulator.compute;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks that turn a request into 400 (unknown instances) or 409 (an upgrade already running) answers. */
final class UpgradeConflicts {
    private UpgradeConflicts() {
    }

    /** The listed instances, once each, in the order given. */
    static List<Instance> resolve(Map<String, Instance> instances, Collection<String> instanceIds, String scaleSetName) {
        Set<String> unique = new LinkedHashSet<>(instanceIds);
        List<String> unknown = unique.stream().filter(id -> !instances.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw ArmException.invalidParameter("The provided instanceId(s) " + String.join(", ", unknown)
                + " are not active virtual machine scale set VM instanceIds of '" + scaleSetName + "'.");
        }
        return unique.stream().map(instances::get).toList();
    }

    static void requireNoRollingUpgrade(boolean rollingUpgradeRuns, String action, String scaleSetName) {
        if (rollingUpgradeRuns) {
            throw ArmException.conflict("Cannot " + action + " virtual machine scale set '" + scaleSetName
                + "' while a rolling upgrade is in progress.");
        }
    }

    static void requireNoneUpdating(Collection<Instance> candidates, String scaleSetName) {
        List<String> updating = candidates.stream().filter(Instance::isUpdating).map(Instance::instanceId).toList();
        if (!updating.isEmpty()) {
            throw ArmException.conflict("Operation is not allowed on virtual machine scale set '" + scaleSetName
                + "' since instance(s) " + String.join(", ", updating) + " are being updated.");
        }
    }
}
