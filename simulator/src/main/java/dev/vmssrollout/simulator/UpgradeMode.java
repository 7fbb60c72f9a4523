package dev.vmssrollout.simulator;

import java.util.Arrays;

/** {@code properties.upgradePolicy.mode} of a scale set. */
public enum UpgradeMode {
    MANUAL("Manual"),
    AUTOMATIC("Automatic"),
    ROLLING("Rolling");

    private final String armName;

    UpgradeMode(String armName) {
        this.armName = armName;
    }

    public String armName() {
        return armName;
    }

    /** Parses the ARM spelling, ignoring case. */
    public static UpgradeMode parse(String value) {
        return Arrays.stream(values())
            .filter(mode -> mode.armName.equalsIgnoreCase(value))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "upgradePolicy.mode must be Manual, Automatic or Rolling, not '" + value + "'"));
    }
}
