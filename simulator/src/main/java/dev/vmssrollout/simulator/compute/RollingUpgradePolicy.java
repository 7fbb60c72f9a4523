package dev.vmssrollout.simulator.compute;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** {@code upgradePolicy.rollingUpgradePolicy}: batch size and how many unhealthy upgraded instances stop the run. */
public record RollingUpgradePolicy(int maxBatchInstancePercent, int maxUnhealthyInstancePercent,
                                   int maxUnhealthyUpgradedInstancePercent, String pauseTimeBetweenBatches) {

    public static final RollingUpgradePolicy DEFAULT = new RollingUpgradePolicy(20, 20, 20, "PT0S");

    public RollingUpgradePolicy {
        requirePercent(maxBatchInstancePercent, 5, "maxBatchInstancePercent");
        requirePercent(maxUnhealthyInstancePercent, 5, "maxUnhealthyInstancePercent");
        requirePercent(maxUnhealthyUpgradedInstancePercent, 0, "maxUnhealthyUpgradedInstancePercent");
        pause(pauseTimeBetweenBatches);
    }

    public Duration pause() {
        return pause(pauseTimeBetweenBatches);
    }

    private static Duration pause(String isoDuration) {
        try {
            return Duration.parse(isoDuration);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ArmException.invalidParameter(
                "rollingUpgradePolicy.pauseTimeBetweenBatches must be an ISO 8601 duration, not '" + isoDuration + "'");
        }
    }

    private static void requirePercent(int value, int minimum, String field) {
        if (value < minimum || value > 100) {
            throw ArmException.invalidParameter("rollingUpgradePolicy." + field + " must be between "
                + minimum + " and 100");
        }
    }
}
