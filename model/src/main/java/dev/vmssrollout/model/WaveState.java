package dev.vmssrollout.model;

/** Where one wave stands. */
public enum WaveState {
    PENDING, WAITING_FOR_APPROVAL, UPGRADING, VERIFYING, SUCCEEDED, FAILED, ROLLING_BACK, ROLLED_BACK, CANCELLED
}
