package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.ComputePolicy;

/**
 * The ARM operations the simulator serves. {@link #reportName()} is the key in the report's {@code armRequests};
 * {@link #policy()} the Compute throttling policy a request spends.
 */
public enum ArmOperation {
    GET_SCALE_SET("GetScaleSet", ComputePolicy.GET_VM_SCALE_SET),
    PUT_SCALE_SET("PutScaleSet", ComputePolicy.UPDATE_VM_SCALE_SET),
    PATCH_SCALE_SET("PatchScaleSet", ComputePolicy.UPDATE_VM_SCALE_SET),
    LIST_SCALE_SETS("ListScaleSets", ComputePolicy.GET_VM_SCALE_SET),
    GET_SCALE_SET_INSTANCE_VIEW("GetScaleSetInstanceView", ComputePolicy.GET_VM_SCALE_SET),
    LIST_VMS("ListVMs", ComputePolicy.GET_VM_SCALE_SET),
    LIST_VMS_INSTANCE_VIEW("ListVMsInstanceView", ComputePolicy.HIGH_COST_GET_VM_SCALE_SET),
    GET_VM("GetVM", ComputePolicy.GET_VM_SCALE_SET),
    GET_VM_INSTANCE_VIEW("GetVMInstanceView", ComputePolicy.GET_VM_SCALE_SET),
    MANUAL_UPGRADE("ManualUpgrade", ComputePolicy.VM_SCALE_SET_BATCHED_VM_REQUESTS),
    REIMAGE("Reimage", ComputePolicy.VM_SCALE_SET_BATCHED_VM_REQUESTS),
    OS_ROLLING_UPGRADE("OSRollingUpgrade", ComputePolicy.UPDATE_VM_SCALE_SET),
    GET_LATEST_ROLLING_UPGRADE("GetLatestRollingUpgrade", ComputePolicy.GET_VM_SCALE_SET),
    CANCEL_ROLLING_UPGRADE("CancelRollingUpgrade", ComputePolicy.UPDATE_VM_SCALE_SET),
    GET_OPERATION("GetOperation", ComputePolicy.GET_OPERATION),
    GET_OPERATION_RESULT("GetOperationResult", ComputePolicy.GET_OPERATION);

    private final String reportName;
    private final ComputePolicy policy;

    ArmOperation(String reportName, ComputePolicy policy) {
        this.reportName = reportName;
        this.policy = policy;
    }

    public String reportName() {
        return reportName;
    }

    /** Whether it changes the scale set or its instances (what a busy scale set refuses with a 409). */
    public boolean writes() {
        return switch (this) {
            case PUT_SCALE_SET, PATCH_SCALE_SET, MANUAL_UPGRADE, REIMAGE -> true;
            default -> false;
        };
    }

    public ComputePolicy policy() {
        return policy;
    }

    /** Whether the request is charged once per instance it names, as Compute charges batched VM requests. */
    /** Whether it addresses the scale set's VMs, a nested resource (ARM: {@code ParentResourceNotFound}). */
    public boolean nested() {
        return this == LIST_VMS || this == LIST_VMS_INSTANCE_VIEW || this == GET_VM || this == GET_VM_INSTANCE_VIEW;
    }

    public boolean chargedPerInstance() {
        return policy == ComputePolicy.VM_SCALE_SET_BATCHED_VM_REQUESTS;
    }
}
