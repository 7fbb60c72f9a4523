package dev.vmssrollout.model;

/**
 * One scale set instance as one VM-list call (with instance view) shows it. {@code zone} is null
 * for a scale set without zones; {@code image} is what the instance runs now.
 */
public record Instance(String instanceId, int updateDomain, int faultDomain, String zone, Image image,
                       boolean latestModelApplied, PowerState power, boolean updating, Health health) {

    public enum PowerState { RUNNING, STARTING, STOPPED, DEALLOCATED, UNKNOWN }

    /** Application health as reported by the health extension or load balancer probe. */
    public enum Health { HEALTHY, UNHEALTHY, UNKNOWN }

    /** In service: running, not being updated, and not reported unhealthy. */
    public boolean inService() {
        return power == PowerState.RUNNING && !updating && health != Health.UNHEALTHY;
    }

    /** Done with an upgrade to the current model and serving. */
    public boolean upgradedAndHealthy() {
        return latestModelApplied && inService() && health == Health.HEALTHY;
    }
}
