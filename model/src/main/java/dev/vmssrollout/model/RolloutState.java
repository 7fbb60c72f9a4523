package dev.vmssrollout.model;

/** The overall state of a rollout, as the REST API reports it. */
public enum RolloutState {
    PENDING, RUNNING, WAITING_FOR_APPROVAL, PAUSED, ROLLING_BACK, SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK,
    /** Outside its schedule's windows, inside a freeze or before notBefore: no change to Azure until it opens. */
    WAITING_FOR_WINDOW;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == ROLLED_BACK;
    }
}
