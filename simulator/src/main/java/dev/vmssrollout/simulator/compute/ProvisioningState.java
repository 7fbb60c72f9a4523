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

    /**
     * {@code ProvisioningState/succeeded}; a failed VM's code names why, as Compute's do
     * ({@code ProvisioningState/failed/VMUpgradeFailed}, the code of the failed upgrade's operation).
     */
    public String code() {
        String code = "ProvisioningState/" + armName.toLowerCase(java.util.Locale.ROOT);
        return this == FAILED ? code + "/" + FAILURE_CODE : code;
    }

    /** The error code of a failed instance upgrade, in its operation and its status. */
    public static final String FAILURE_CODE = "VMUpgradeFailed";

    public String displayStatus() {
        return "Provisioning " + armName.toLowerCase(java.util.Locale.ROOT);
    }
}
