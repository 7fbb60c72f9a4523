package dev.vmssrollout.api.temporal;

/** The rollout's workflow has no open run: it ended, or was lost and awaits the reconciler. */
public class WorkflowGoneException extends RuntimeException {

    public WorkflowGoneException(String message) {
        super(message);
    }
}
