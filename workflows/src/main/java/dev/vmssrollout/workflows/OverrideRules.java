package dev.vmssrollout.workflows;

import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.model.schedule.WindowOverride;

/** Whether an emergency override may be asked for or approved; the rejections are read by the person who sent it. */
final class OverrideRules {

    private OverrideRules() {
    }

    /**
     * @throws IllegalArgumentException when the request itself is wrong
     * @throws IllegalStateException    when the rollout cannot take an override now
     */
    static void checkRequest(RolloutData data, OverrideRequest request) {
        if (request == null || blank(request.actor())) {
            throw new IllegalArgumentException("an override request needs the requester's name");
        }
        if (blank(request.reason())) {
            throw new IllegalArgumentException("an override request needs a reason: say why the rollout cannot wait for its window");
        }
        checkOpen(data);
        if (data.windowOverride != null) {
            throw new IllegalStateException(data.windowOverride.approved()
                    ? "the override is already approved (by " + data.windowOverride.approvedBy() + ")"
                    : "an override is already requested by " + data.windowOverride.requestedBy() + "; it waits for approval");
        }
    }

    static void checkApproval(RolloutData data, OverrideApproval approval) {
        if (approval == null || blank(approval.approver())) {
            throw new IllegalArgumentException("an override approval needs the approver's name");
        }
        checkOpen(data);
        WindowOverride asked = data.windowOverride;
        if (asked == null) {
            throw new IllegalStateException("no override is requested on rollout " + data.input.rolloutId());
        }
        if (asked.approved()) {
            throw new IllegalStateException("the override is already approved (by " + asked.approvedBy() + ")");
        }
        // Compared as people: a decorated "(via Temporal)" name or a disguised spelling is still the requester.
        if (Identity.samePerson(approval.approver(), asked.requestedBy())
                || Identity.samePerson(ChannelVerdict.viaTemporal(approval.approver()), asked.requestedBy())) {
            throw new IllegalArgumentException("four-eyes: " + asked.requestedBy()
                    + " asked for the override and cannot approve it; another person must");
        }
    }

    private static void checkOpen(RolloutData data) {
        if (data.state.isTerminal()) {
            throw new IllegalStateException("rollout " + data.input.rolloutId() + " has ended (" + data.state + ")");
        }
        if (data.plan().schedule() == null) {
            throw new IllegalStateException("rollout " + data.input.rolloutId() + " has no schedule: there is no window to override");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
