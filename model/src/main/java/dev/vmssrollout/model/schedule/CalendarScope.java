package dev.vmssrollout.model.schedule;

/**
 * Where a calendar applies by default: a whole subscription ({@code resourceGroup} null) or one
 * resource group in it. The resource group's default wins over the subscription's.
 */
public record CalendarScope(String subscriptionId, String resourceGroup) {

    @Override
    public String toString() {
        return resourceGroup == null ? "subscription " + subscriptionId : subscriptionId + "/" + resourceGroup;
    }
}
