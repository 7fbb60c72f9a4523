package dev.vmssrollout.model.progress;

/**
 * Everything that can happen to a rollout, each with the message format its event log line uses.
 * Add constants; never rename or repurpose one (they are stored in the database).
 */
public enum EventType {
    SUBMITTED("rollout submitted by %s"),
    PREFLIGHT_PASSED("preflight passed: model runs %s, upgrade policy %s"),
    POLICY_SWITCHED("upgrade policy switched from %s to Manual for the rollout"),
    POLICY_RESTORED("upgrade policy restored to %s"),
    POLICY_NOT_RESTORED("upgrade policy left at Manual instead of %s: %s"),
    MODEL_UPDATED("model updated to %s"),
    MODEL_ALREADY_CURRENT("model already holds %s"),
    WAVES_PLANNED("%d waves planned, %d instances already on the target image"),
    WAITING_FOR_APPROVAL("wave %d/%d waiting for approval"),
    APPROVED("wave %d/%d approved by %s"),
    WAVE_STARTED("wave %d/%d started (%d instances)"),
    WAVE_VERIFYING("wave %d/%d upgraded, waiting for health"),
    WAVE_COMPLETED("wave %d/%d completed (%d instances)"),
    WAVE_FAILED("wave %d/%d failed: %s"),
    PAUSE_REQUESTED("pause requested by %s: %s; it takes effect when the current wave ends"),
    PAUSED("paused by %s: %s"),
    RESUMED("resumed by %s"),
    RETRYING_WAVE("wave %d/%d retried by %s"),
    CANCEL_REQUESTED("cancel requested by %s"),
    ROLLBACK_REQUESTED("rollback requested by %s"),
    ROLLBACK_STARTED("rolling back to %s"),
    ROLLBACK_WAVE_STARTED("rollback of wave %d/%d started (%d instances)"),
    ROLLBACK_WAVE_COMPLETED("rollback of wave %d/%d completed (%d instances)"),
    ROLLBACK_WAVE_FAILED("rollback of wave %d/%d failed: %s"),
    RECOVERED("workflow restarted from the database after it was lost; resuming after wave %d"),
    SUCCEEDED("rollout succeeded: %d instances upgraded"),
    FAILED("rollout failed: %s"),
    CANCELLED("rollout cancelled: %s"),
    ROLLED_BACK("rollout rolled back: %d instances returned to %s"),
    INSTANCES_DELETED("%d instances deleted from the scale set during the rollout (%s): left out of their waves"),
    WAITING_FOR_WINDOW("waiting for the maintenance window: %s; next start %s"),
    WINDOW_OPENED("maintenance window open: %s"),
    OVERRIDE_REQUESTED("emergency override requested by %s: %s; another person must approve it"),
    OVERRIDE_APPROVED("emergency override by %s approved by %s: the rollout runs outside its windows"),
    TERMINATED("workflow terminated in Temporal by %s (%s); nothing was done after it: %s"),
    OPERATOR_ACTION_REFUSED("%s from %s refused: %s"),
    WAVE_INTERRUPTED("wave %d/%d interrupted in flight by the %s; Azure holds: %s");

    private final String format;

    EventType(String format) {
        this.format = format;
    }

    public String message(Object... args) {
        return String.format(format, args);
    }
}
