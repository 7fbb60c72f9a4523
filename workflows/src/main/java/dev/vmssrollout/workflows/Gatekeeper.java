package dev.vmssrollout.workflows;

import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import org.slf4j.Logger;


/**
 * The rollout workflow's checks against the Temporal side door (SECURITY.md): the run claims its
 * rollout row before anything else, and every operator action or approval says where it came from
 * before it is acted on. Anyone with write access to the namespace can start this workflow or signal
 * it; only the API and the reconciler can write the rows these checks read.
 */
final class Gatekeeper {

    /** One change ID for the claim and the channel checks: histories recorded before them replay without either. */
    static final String CHANGE_ID = "workflow-guard";
    /** ApplicationFailure type of a run that may not act for the rollout it names. */
    static final String CLAIM_REFUSED = "CLAIM_REFUSED";
    /** ApplicationFailure type of an approval Update refused for its channel. */
    static final String ACTION_REFUSED = "OPERATOR_ACTION_REFUSED";
    /** A namespace user could send refusals by the thousand; the log keeps them all, the event log the first few. */
    private static final int MAX_REFUSAL_EVENTS = 20;

    private static final Logger log = Workflow.getLogger(Gatekeeper.class);

    enum Claim { PENDING, GRANTED, REFUSED }

    private final RolloutData data;
    private final EventLog events;
    private final WorkflowGuardActivities guard;
    private Claim claim = Claim.PENDING;
    private String refusal;
    private int refusalEvents;
    private String lastRefusal;

    Gatekeeper(RolloutData data, EventLog events) {
        this.data = data;
        this.events = events;
        this.guard = Workflow.newActivityStub(WorkflowGuardActivities.class, RolloutActivityOptions.guard());
    }

    private static boolean guarded() {
        return Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }

    /** The run's first step: null when it may act for the rollout, otherwise why not (nothing was written). */
    String claim() {
        if (!guarded()) {
            claim = Claim.GRANTED;
            return null;
        }
        RolloutInput input = data.input;
        WorkflowInfo info = Workflow.getInfo();
        ClaimVerdict verdict = guard.claimRollout(new RolloutClaim(input.rolloutId(), input.claimToken(), info.getRunId(),
                info.getContinuedExecutionRunId().orElse(null), input.resume() != null, input.plan(), input.submittedBy()));
        claim = verdict.granted() ? Claim.GRANTED : Claim.REFUSED;
        refusal = verdict.reason();
        return refusal;
    }

    /** Why the last operator action or approval was refused. */
    String lastRefusal() {
        return lastRefusal;
    }

    /** The command as it is to be recorded, or null when it is refused. */
    OperatorCommand admit(String action, OperatorCommand command) {
        String channel = channel(action, command.actor(), command.requestId());
        if (channel == null) {
            return null;
        }
        return ChannelVerdict.TEMPORAL.equals(channel)
                ? new OperatorCommand(ChannelVerdict.viaTemporal(command.actor()), command.reason(), command.requestId()) : command;
    }

    /** The approval as it is to be recorded, or null when it is refused; four-eyes has been checked on the claimed name. */
    ApproveWave admit(ApproveWave approval) {
        String channel = channel("approve", approval.approver(), approval.requestId());
        if (channel == null) {
            return null;
        }
        return ChannelVerdict.TEMPORAL.equals(channel)
                ? new ApproveWave(ChannelVerdict.viaTemporal(approval.approver()), approval.wave(), approval.comment(), approval.requestId())
                : approval;
    }

    OverrideRequest admit(OverrideRequest request) {
        String channel = channel("requestOverride", request.actor(), request.requestId());
        if (channel == null) {
            return null;
        }
        return ChannelVerdict.TEMPORAL.equals(channel)
                ? new OverrideRequest(ChannelVerdict.viaTemporal(request.actor()), request.reason(), request.requestId()) : request;
    }

    OverrideApproval admit(OverrideApproval approval) {
        String channel = channel("approveOverride", approval.approver(), approval.requestId());
        if (channel == null) {
            return null;
        }
        return ChannelVerdict.TEMPORAL.equals(channel)
                ? new OverrideApproval(ChannelVerdict.viaTemporal(approval.approver()), approval.comment(), approval.requestId()) : approval;
    }

    private String channel(String action, String actor, String requestId) {
        if (!guarded()) {
            return ChannelVerdict.API; // recorded before channels existed: replays as it ran
        }
        Workflow.await(() -> claim != Claim.PENDING);
        if (claim == Claim.REFUSED) {
            log.warn("{} from {} ignored: this run does not own rollout {}: {}", action, actor, data.input.rolloutId(), refusal);
            lastRefusal = "this workflow run does not own rollout " + data.input.rolloutId() + ": " + refusal;
            return null;
        }
        ChannelVerdict verdict;
        data.operatorChecksInFlight++;
        try {
            verdict = guard.checkOperatorAction(data.input.rolloutId(), action, actor, requestId);
        } finally {
            data.operatorChecksInFlight--;
        }
        if (verdict.accepted()) {
            return verdict.channel();
        }
        String who = Identity.isBlank(actor) ? "an unnamed operator" : actor.strip();
        lastRefusal = verdict.refusal();
        log.warn("{} from {} refused: {}", action, who, verdict.refusal());
        if (refusalEvents++ < MAX_REFUSAL_EVENTS) {
            events.record(Change.of(EventType.OPERATOR_ACTION_REFUSED, action, who, verdict.refusal()).by(who));
        }
        // After the event: recording one sets the current details to the plain state, which would hide the refusal.
        Workflow.setCurrentDetails(CurrentDetails.of(data) + " (last refused: " + action + " from " + who + ": "
                + verdict.refusal() + ")");
        return null;
    }
}
