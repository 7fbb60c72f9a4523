package dev.vmssrollout.workflows;

/**
 * An operator asks to run outside the maintenance windows; someone else must approve it.
 * {@code requestId} names the row the API wrote first; without one it arrived through Temporal directly.
 */
public record OverrideRequest(String actor, String reason, String requestId) {

    public OverrideRequest(String actor, String reason) {
        this(actor, reason, null);
    }
}
