package dev.vmssrollout.model.store;

/**
 * One request the API made for a signed-in person.
 *
 * @param action  "approve", "pause", "resume", "cancel", "rollback", "retryWave", "inspect" or "listScaleSets"; a
 *                release's action is its signal's name after "release." ("release.approveStage", ...)
 * @param subject the rollout ID, the release ID, the scale set for an inspection, or the subscription (and resource
 *                group) listed
 * @param actor   who asked; when checking a request, null skips the person (an inspection names none)
 */
public record ApiRequest(String id, String action, String subject, String actor) {

    public static final String INSPECT = "inspect";
    public static final String LIST_SCALE_SETS = "listScaleSets";
}
