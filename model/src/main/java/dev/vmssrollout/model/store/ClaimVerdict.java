package dev.vmssrollout.model.store;

/** Whether a workflow run may act for a rollout; {@code reason} says why not, for the run's details and log. */
public record ClaimVerdict(boolean granted, String reason) {

    public static ClaimVerdict grant() {
        return new ClaimVerdict(true, null);
    }

    public static ClaimVerdict refuse(String reason) {
        return new ClaimVerdict(false, reason);
    }
}
