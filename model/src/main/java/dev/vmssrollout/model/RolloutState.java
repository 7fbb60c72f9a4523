package dev.vmssrollout.model;

/** The overall state of a rollout, as the REST API reports it. */
public enum RolloutState {
    PENDING, RUNNING, WAITING_FOR_APPROVAL, PAUSED, ROLLING_BACK, SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK,
    /** Outside its schedule's windows, inside a freeze or before notBefore: no change to Azure until it opens. */
    WAITING_FOR_WINDOW,
    /**
     * Its workflow was terminated in Temporal (UI, CLI): an operator's way to stop it at once. Not restarted; the
     * scale set is left as it was, with the census of what its instances run recorded.
     */
    TERMINATED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == ROLLED_BACK || this == TERMINATED;
    }
}
