package dev.vmssrollout.simulator;

import java.util.Locale;
import java.util.Objects;

/** Identifies a scale set the way ARM does: subscription, resource group and name, all case-insensitive. */
public record ScaleSetKey(String subscriptionId, String resourceGroup, String name) {

    public ScaleSetKey {
        requireText(subscriptionId, "subscriptionId");
        requireText(resourceGroup, "resourceGroup");
        requireText(name, "name");
    }

    public static ScaleSetKey of(String subscriptionId, String resourceGroup, String name) {
        return new ScaleSetKey(subscriptionId, resourceGroup, name);
    }

    /** Another scale set in the same resource group. */
    public ScaleSetKey withName(String otherName) {
        return new ScaleSetKey(subscriptionId, resourceGroup, otherName);
    }

    /** The ARM resource id, e.g. {@code /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web}. */
    public String resourceId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
            + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + name;
    }

    /** ARM names are case-insensitive, so lookups go through this normalized form. */
    public String lookupKey() {
        return (subscriptionId + "/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return subscriptionId + "/" + resourceGroup + "/" + name;
    }

    private static void requireText(String value, String field) {
        if (Objects.requireNonNull(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
