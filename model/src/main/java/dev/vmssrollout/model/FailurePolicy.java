package dev.vmssrollout.model;

/** What a rollout does when a wave fails its health gate or its upgrade fails. */
public enum FailurePolicy {
    /** Stop and wait for an operator to resume, retry the wave, roll back or cancel. */
    PAUSE,
    /** Put the previous image back and re-upgrade every instance this rollout touched. */
    ROLLBACK,
    /** Stop, leave the model as it is, report. */
    ABORT
}
