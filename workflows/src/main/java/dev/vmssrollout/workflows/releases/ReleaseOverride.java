package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.workflows.ChannelVerdict;
import dev.vmssrollout.workflows.OperatorCommand;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.util.HashSet;
import java.util.Set;

/**
 * The emergency override of a release's maintenance windows: asked for by one person with a reason, approved by
 * another. Once approved, the release's stages stop waiting for a window ({@link StageWindow}) and every rollout the
 * release runs, or starts from then on, is given the same override through its own Updates, so that its record says
 * who asked, why and who approved. Requests the API would refuse are logged and ignored, as a release's other signals.
 */
final class ReleaseOverride {

    private static final Logger log = Workflow.getLogger(ReleaseOverride.class);

    private final ReleaseData data;
    private final ReleaseActivities store;
    private final ReleaseGuard guard;
    private final String releaseId;
    // Signals are handled concurrently: one request or approval at a time, in the order they came.
    private boolean handling;
    // Each rollout gets the override once: one started while the approval was being recorded is seen twice.
    private final Set<String> carried = new HashSet<>();

    ReleaseOverride(ReleaseData data, ReleaseActivities store, ReleaseGuard guard) {
        this.data = data;
        this.store = store;
        this.guard = guard;
        this.releaseId = data.input.releaseId();
    }

    void request(OperatorCommand command) {
        oneAtATime(() -> handleRequest(command));
    }

    void approve(OperatorCommand command) {
        oneAtATime(() -> handleApproval(command));
    }

    private void oneAtATime(Runnable handler) {
        Workflow.await(() -> !handling);
        handling = true;
        try {
            handler.run();
        } finally {
            handling = false;
        }
    }

    private void handleRequest(OperatorCommand command) {
        if (ignored("request", requestRefusal(command))) {
            return;
        }
        String actor = guard.admit("requestOverride", command.actor(), command.requestId());
        // Checked again: another request may have been admitted while this one's channel was checked.
        if (actor == null || ignored("request", requestRefusal(command))) {
            return;
        }
        data.windowOverride = new WindowOverride(actor, command.reason().strip(), null);
        store.recordReleaseOverride(releaseId, data.windowOverride);
    }

    private void handleApproval(OperatorCommand command) {
        if (ignored("approval", approvalRefusal(command == null ? null : command.actor()))) {
            return;
        }
        String approver = guard.admit("approveOverride", command.actor(), command.requestId());
        if (approver == null || ignored("approval", approvalRefusal(approver))) {
            return;
        }
        WindowOverride asked = data.windowOverride;
        data.windowOverride = new WindowOverride(asked.requestedBy(), asked.reason(), approver);
        store.recordReleaseOverride(releaseId, data.windowOverride);
        data.runningRollouts().forEach(this::carryTo);
    }

    /** Gives a rollout of the release the approved override; nothing before approval. */
    void carryTo(String rolloutId) {
        if (!data.overrideApproved() || rolloutId == null || !carried.add(rolloutId)) {
            return;
        }
        WindowOverride approved = data.windowOverride;
        Async.function(store::overrideRollout, releaseId, rolloutId, approved)
                .thenApply(outcome -> {
                    log.info("release {}: emergency override for rollout {}: {}", releaseId, rolloutId, outcome);
                    return outcome;
                });
    }

    private String requestRefusal(OperatorCommand command) {
        if (command == null || Identity.isBlank(command.actor())) {
            return "it names no requester";
        }
        if (command.reason() == null || command.reason().isBlank()) {
            return "it gives no reason";
        }
        String open = openRefusal();
        if (open != null) {
            return open;
        }
        return data.windowOverride == null ? null : "one is already " + (data.windowOverride.approved()
                ? "approved" : "asked for by " + data.windowOverride.requestedBy());
    }

    private String approvalRefusal(String approver) {
        if (Identity.isBlank(approver)) {
            return "it names no approver";
        }
        String open = openRefusal();
        if (open != null) {
            return open;
        }
        WindowOverride asked = data.windowOverride;
        if (asked == null) {
            return "no override is asked for";
        }
        if (asked.approved()) {
            return "it is already approved by " + asked.approvedBy();
        }
        // Compared as people: a claimed "(via Temporal)" name or another spelling is still the requester.
        if (Identity.samePerson(approver, asked.requestedBy())
                || Identity.samePerson(ChannelVerdict.viaTemporal(approver), asked.requestedBy())) {
            return "four-eyes: " + asked.requestedBy() + " asked for it and cannot approve it";
        }
        return null;
    }

    private String openRefusal() {
        if (data.plan.rollout().schedule() == null) {
            return "the release has no schedule";
        }
        return data.state.isTerminal() ? "the release has ended (" + data.state + ")" : null;
    }

    private boolean ignored(String what, String refusal) {
        if (refusal != null) {
            log.warn("release {}: override {} ignored: {}", releaseId, what, refusal);
        }
        return refusal != null;
    }
}
