package dev.vmssrollout.simulator.compute;

/** {@code vmHealth.status.code} of an instance, as the application health extension would report it. */
public enum Health {
    HEALTHY("healthy", "The VM is reporting healthy"),
    UNHEALTHY("unhealthy", "The VM is reporting unhealthy"),
    UNKNOWN("unknown", "The VM health is unknown");

    private final String code;
    private final String displayStatus;

    Health(String code, String displayStatus) {
        this.code = code;
        this.displayStatus = displayStatus;
    }

    public String code() {
        return "HealthState/" + code;
    }

    public String displayStatus() {
        return displayStatus;
    }
}
