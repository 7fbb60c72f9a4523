package dev.vmssrollout.workflows;

/**
 * Which scale sets to list: a subscription's, or ({@code resourceGroup} not null) one resource group's.
 * {@code requestId} names the row the API wrote first: the worker lists only for a request the API made.
 */
public record ScaleSetListRequest(String subscriptionId, String resourceGroup, String requestId) {

    /** What the API's request row names: {@code subscription} or {@code subscription/resourceGroup}. */
    public String subject() {
        return resourceGroup == null ? subscriptionId : subscriptionId + "/" + resourceGroup;
    }
}
