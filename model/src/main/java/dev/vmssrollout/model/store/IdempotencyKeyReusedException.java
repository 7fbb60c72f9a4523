package dev.vmssrollout.model.store;

/** The submitter sent an idempotency key it had already used, with a different plan. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String submittedBy;
    private final String idempotencyKey;
    private final String existingRolloutId;

    public IdempotencyKeyReusedException(String submittedBy, String idempotencyKey, String existingRolloutId) {
        super("idempotency key '" + idempotencyKey + "' was already used by " + submittedBy + " for rollout "
                + existingRolloutId + " with a different plan; use a new key for a new plan");
        this.submittedBy = submittedBy;
        this.idempotencyKey = idempotencyKey;
        this.existingRolloutId = existingRolloutId;
    }

    public String submittedBy() {
        return submittedBy;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String existingRolloutId() {
        return existingRolloutId;
    }
}
