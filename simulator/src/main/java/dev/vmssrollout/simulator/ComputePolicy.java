package dev.vmssrollout.simulator;

/**
 * Compute's throttling policies for virtual machine scale sets, as {@code x-ms-ratelimit-remaining-resource} names
 * them. Each has a short window (3 minutes; 5 for batched VM requests) and a 30-minute window, and Compute counts
 * them per subscription and region. The default limits are the conservative figures in docs/simulator.md.
 */
public enum ComputePolicy {
    /** Low-cost reads: the scale set, its instance view, one VM, a VM list without instance views. */
    GET_VM_SCALE_SET("GetVMScaleSet", 3, 200, 1_300),
    /** A VM list with {@code $expand=instanceView}, one charge per page. */
    HIGH_COST_GET_VM_SCALE_SET("HighCostGetVMScaleSet", 3, 190, 900),
    /** Model writes: PUT, PATCH, starting or cancelling a rolling upgrade. */
    UPDATE_VM_SCALE_SET("UpdateVMScaleSet", 3, 120, 600),
    /** {@code manualupgrade}, {@code reimage}: one charge per instance the request names. */
    VM_SCALE_SET_BATCHED_VM_REQUESTS("VMScaleSetBatchedVMRequests", 5, 1_200, 6_000),
    /** Polls of async operations (the operation resource and its monitor URL). */
    GET_OPERATION("GetOperation", 3, 4_000, 24_000);

    public static final int LONG_WINDOW_MINUTES = 30;

    private final String policyName;
    private final int shortWindowMinutes;
    private final int shortLimit;
    private final int longLimit;

    ComputePolicy(String policyName, int shortWindowMinutes, int shortLimit, int longLimit) {
        this.policyName = policyName;
        this.shortWindowMinutes = shortWindowMinutes;
        this.shortLimit = shortLimit;
        this.longLimit = longLimit;
    }

    /** e.g. {@code HighCostGetVMScaleSet3Min}. */
    public String shortWindowName() {
        return policyName + shortWindowMinutes + "Min";
    }

    /** e.g. {@code HighCostGetVMScaleSet30Min}. */
    public String longWindowName() {
        return policyName + LONG_WINDOW_MINUTES + "Min";
    }

    public long shortWindowMillis() {
        return shortWindowMinutes * 60_000L;
    }

    public static long longWindowMillis() {
        return LONG_WINDOW_MINUTES * 60_000L;
    }

    public int defaultShortLimit() {
        return shortLimit;
    }

    public int defaultLongLimit() {
        return longLimit;
    }
}
