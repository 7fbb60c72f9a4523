package dev.vmssrollout.simulator.compute;

import java.time.Instant;

/** The latest rolling upgrade of a scale set, as {@code GET rollingUpgrades/latest} reports it. */
public record RollingUpgradeState(Status status, RollingUpgradePolicy policy, Instant startTime, String lastAction,
                                  Instant lastActionTime, int successfulInstanceCount, int failedInstanceCount,
                                  int inProgressInstanceCount, int pendingInstanceCount, ArmError error) {

    /** {@code runningStatus.code}. */
    public enum Status {
        ROLLING_FORWARD("RollingForward"),
        CANCELLED("Cancelled"),
        COMPLETED("Completed"),
        FAULTED("Faulted");

        private final String armName;

        Status(String armName) {
            this.armName = armName;
        }

        public String armName() {
            return armName;
        }
    }

    public boolean rollingForward() {
        return status == Status.ROLLING_FORWARD;
    }
}
