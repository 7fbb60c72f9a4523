package dev.vmssrollout.simulator.arm;

/**
 * The ARM operations the simulator serves. {@link #reportName()} is the key in the report's {@code armRequests}.
 * Reads and writes spend the scale set's read and write budgets; polls spend neither.
 */
public enum ArmOperation {
    GET_SCALE_SET("GetScaleSet", Access.READ),
    PUT_SCALE_SET("PutScaleSet", Access.WRITE),
    PATCH_SCALE_SET("PatchScaleSet", Access.WRITE),
    GET_SCALE_SET_INSTANCE_VIEW("GetScaleSetInstanceView", Access.READ),
    LIST_VMS("ListVMs", Access.READ),
    LIST_VMS_INSTANCE_VIEW("ListVMsInstanceView", Access.READ),
    GET_VM("GetVM", Access.READ),
    GET_VM_INSTANCE_VIEW("GetVMInstanceView", Access.READ),
    MANUAL_UPGRADE("ManualUpgrade", Access.WRITE),
    REIMAGE("Reimage", Access.WRITE),
    OS_ROLLING_UPGRADE("OSRollingUpgrade", Access.WRITE),
    GET_LATEST_ROLLING_UPGRADE("GetLatestRollingUpgrade", Access.READ),
    CANCEL_ROLLING_UPGRADE("CancelRollingUpgrade", Access.WRITE),
    GET_OPERATION("GetOperation", Access.POLL),
    GET_OPERATION_RESULT("GetOperationResult", Access.POLL);

    /** Which budget a request spends. */
    public enum Access { READ, WRITE, POLL }

    private final String reportName;
    private final Access access;

    ArmOperation(String reportName, Access access) {
        this.reportName = reportName;
        this.access = access;
    }

    public String reportName() {
        return reportName;
    }

    public Access access() {
        return access;
    }
}
