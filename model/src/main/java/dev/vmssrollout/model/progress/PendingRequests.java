package dev.vmssrollout.model.progress;

/**
 * Operator requests that were recorded but had not yet taken effect when a workflow was lost (asked for while a
 * wave ran: "it takes effect when the current wave ends"). A restarted workflow carries them out.
 *
 * @param pause    null unless a pause waits for the wave to end
 * @param cancel   null unless a cancel was requested
 * @param rollback null unless a rollback was requested and had not started
 */
public record PendingRequests(Request pause, Request cancel, Request rollback) {

    public static final PendingRequests NONE = new PendingRequests(null, null, null);

    /** Who asked, and the reason they gave (null when none). */
    public record Request(String actor, String reason) {
    }

    public boolean any() {
        return pause != null || cancel != null || rollback != null;
    }
}
