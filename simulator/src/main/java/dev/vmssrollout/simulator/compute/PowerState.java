package dev.vmssrollout.simulator.compute;

/** What an instance is doing, as its {@code PowerState/...} status code tells. */
public enum PowerState {
    /** Serving, once healthy. */
    RUNNING("running", "VM running"),
    /** Being upgraded or reimaged: out of service. */
    STOPPED("stopped", "VM stopped"),
    /** Booting the new image: still out of service. */
    STARTING("starting", "VM starting");

    private final String code;
    private final String displayStatus;

    PowerState(String code, String displayStatus) {
        this.code = code;
        this.displayStatus = displayStatus;
    }

    public String code() {
        return "PowerState/" + code;
    }

    public String displayStatus() {
        return displayStatus;
    }
}
