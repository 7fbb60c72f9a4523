package dev.vmssrollout.simulator.compute;

/** {@code provisioningState} of an instance and its {@code ProvisioningState/...} status code. */
public enum ProvisioningState {
    SUCCEEDED("Succeeded"),
    /** A VM a scale-out added, until it has booted. */
    CREATING("Creating"),
    UPDATING("Updating"),
    FAILED("Failed");

    private final String armName;

    ProvisioningState(String armName) {
        this.armName = armName;
    }

    public String armName() {
        return armName;
    }

    public String code() {
        return "ProvisioningState/" + armName.toLowerCase(java.util.Locale.ROOT);
    }

    public String displayStatus() {
        return "Provisioning " + armName.toLowerCase(java.util.Locale.ROOT);
    }
}
