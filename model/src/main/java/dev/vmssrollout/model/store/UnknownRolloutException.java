package dev.vmssrollout.model.store;

/** No rollout has this ID. */
public class UnknownRolloutException extends RuntimeException {

    private final String rolloutId;

    public UnknownRolloutException(String rolloutId) {
        super("no rollout " + rolloutId);
        this.rolloutId = rolloutId;
    }

    public String rolloutId() {
        return rolloutId;
    }
}
