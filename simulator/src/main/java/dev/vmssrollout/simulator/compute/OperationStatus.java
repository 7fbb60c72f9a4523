package dev.vmssrollout.simulator.compute;

/** {@code status} of an Azure-AsyncOperation resource. */
public enum OperationStatus {
    IN_PROGRESS("InProgress"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    CANCELED("Canceled");

    private final String armName;

    OperationStatus(String armName) {
        this.armName = armName;
    }

    public String armName() {
        return armName;
    }
}
