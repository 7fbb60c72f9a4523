package dev.vmssrollout.workflows;

/**
 * Why a rollout activity failed; each name becomes an ApplicationFailure type, and the
 * non-retryable ones are listed in the activities' retry options.
 */
public enum RolloutFailure {
    /** The scale set does not exist (ARM 404). */
    SCALE_SET_NOT_FOUND(false),
    /** Azure refused the request as invalid (ARM 400 InvalidParameter and friends). */
    INVALID_REQUEST(false),
    /** The upgrade policy is Automatic and the plan does not allow switching it. */
    AUTOMATIC_UPGRADE_POLICY(false),
    /** Another operation (a rolling upgrade, another rollout) runs on the scale set. */
    CONFLICTING_OPERATION(false),
    /** Azure reported the upgrade operation Failed. */
    UPGRADE_FAILED(false),
    /** Someone else changed the model's image: the rollout does not overwrite their change. */
    MODEL_CHANGED(false),
    /** Credentials refused (ARM 401/403). */
    NOT_AUTHORIZED(false),
    /** Throttling, 5xx, timeouts: retried. */
    TRANSIENT(true);

    private final boolean retryable;

    RolloutFailure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public static String[] nonRetryableTypes() {
        return java.util.Arrays.stream(values()).filter(f -> !f.retryable).map(Enum::name).toArray(String[]::new);
    }
}
