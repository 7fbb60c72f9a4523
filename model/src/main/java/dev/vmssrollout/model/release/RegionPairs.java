package dev.vmssrollout.model.release;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Azure region pairs (a configured table): two regions of a pair are never upgraded in the same stage unless the
 * plan says so, since Azure itself never updates both regions of a pair at once. Names compare as {@link #name}
 * writes them.
 */
public final class RegionPairs {

    // A region may have more than one partner (westus3 pairs with eastus, which pairs with westus).
    private final Map<String, Set<String>> partners = new HashMap<>();

    private RegionPairs(Map<String, String> pairs) {
        pairs.forEach((first, second) -> {
            partners.computeIfAbsent(name(first), region -> new HashSet<>()).add(name(second));
            partners.computeIfAbsent(name(second), region -> new HashSet<>()).add(name(first));
        });
    }

    /** A table of the given pairs, each given once in either direction. */
    public static RegionPairs of(Map<String, String> pairs) {
        return new RegionPairs(pairs);
    }

    /** Some of Azure's published pairs; a deployment may configure its own table instead. */
    public static RegionPairs azureDefaults() {
        return of(Map.ofEntries(
                Map.entry("eastus", "westus"),
                Map.entry("eastus2", "centralus"),
                Map.entry("northcentralus", "southcentralus"),
                Map.entry("westus2", "westcentralus"),
                Map.entry("westus3", "eastus"),
                Map.entry("northeurope", "westeurope"),
                Map.entry("uksouth", "ukwest"),
                Map.entry("francecentral", "francesouth"),
                Map.entry("germanywestcentral", "germanynorth"),
                Map.entry("swedencentral", "swedensouth"),
                Map.entry("japaneast", "japanwest"),
                Map.entry("australiaeast", "australiasoutheast"),
                Map.entry("southeastasia", "eastasia"),
                Map.entry("canadacentral", "canadaeast"),
                Map.entry("brazilsouth", "southcentralus"),
                Map.entry("centralindia", "southindia"),
                Map.entry("koreacentral", "koreasouth")));
    }

    public boolean arePaired(String first, String second) {
        if (first == null || second == null) {
            return false;
        }
        return partners.getOrDefault(name(first), Set.of()).contains(name(second));
    }

    /** A region as ARM names it, however people write it: "East US" and " eastus" are {@code eastus}. */
    public static String name(String region) {
        return region.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
    }
}
