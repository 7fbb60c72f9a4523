package dev.vmssrollout.model;

/** Identifies one virtual machine scale set in Azure Resource Manager. */
public record ScaleSetRef(String subscriptionId, String resourceGroup, String name) {

    /** The scale set's ARM resource ID, the form Azure itself prints in errors and the portal. */
    public String resourceId() {
        return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s"
                .formatted(subscriptionId, resourceGroup, name);
    }

    @Override
    public String toString() {
        return resourceGroup + "/" + name;
    }
}
