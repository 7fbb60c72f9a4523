package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** All simulated scale sets, looked up case-insensitively as ARM does. */
public final class ScaleSetRegistry {
    private final Map<String, ScaleSet> scaleSets = new ConcurrentHashMap<>();
    private final ScaleSetContext context;

    public ScaleSetRegistry(ScaleSetContext context) {
        this.context = context;
    }

    /** Creates the scale set, or replaces an existing one of the same name (its running work is abandoned). */
    public ScaleSet put(ScaleSetKey key, ScaleSetSpec spec) {
        ScaleSet created = ScaleSetFactory.create(key, spec, context);
        ScaleSet previous = scaleSets.put(key.lookupKey(), created);
        if (previous != null) {
            previous.retire();
            context.operations().cancelRunning(key);
        }
        context.onChange().run();
        return created;
    }

    public Optional<ScaleSet> find(ScaleSetKey key) {
        return Optional.ofNullable(scaleSets.get(key.lookupKey()));
    }

    /**
     * Whether the resource group of {@code key} exists: the simulator knows resource groups only by the scale sets
     * created in them.
     */
    public boolean hasResourceGroup(ScaleSetKey key) {
        String prefix = (key.subscriptionId() + "/" + key.resourceGroup() + "/").toLowerCase(Locale.ROOT);
        return scaleSets.keySet().stream().anyMatch(existing -> existing.startsWith(prefix));
    }

    /** The scale sets whose key matches, ordered by key. */
    public List<ScaleSet> matching(Predicate<ScaleSetKey> wanted) {
        return scaleSets.values().stream()
            .filter(scaleSet -> wanted.test(scaleSet.key()))
            .sorted(Comparator.comparing(scaleSet -> scaleSet.key().lookupKey()))
            .toList();
    }

    public ScaleSet require(ScaleSetKey key) {
        return find(key).orElseThrow(() -> notFound(key));
    }

    public static ArmException notFound(ScaleSetKey key) {
        return ArmException.notFound("The Resource 'Microsoft.Compute/virtualMachineScaleSets/" + key.name()
            + "' under resource group '" + key.resourceGroup() + "' was not found.");
    }

    public List<ScaleSetSnapshot> snapshot() {
        return scaleSets.values().stream()
            .map(ScaleSet::snapshot)
            .sorted(Comparator.comparing(snapshot -> snapshot.key().lookupKey()))
            .toList();
    }

    public void restore(List<ScaleSetSnapshot> snapshots) {
        snapshots.forEach(snapshot -> scaleSets.put(snapshot.key().lookupKey(),
            ScaleSetFactory.restore(snapshot, context)));
    }

    public void retireAll() {
        scaleSets.values().forEach(ScaleSet::retire);
    }
}
