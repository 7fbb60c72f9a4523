package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

/**
 * One rollout of one scale set: preflight, waves, and the way out (success, failure, cancel or
 * rollback), recording every state change in the database as it goes. All state lives in
 * {@link RolloutData}; the handlers below only check a request, record it and leave a flag that
 * the main flow acts on between waves.
 */
public class RolloutWorkflowImpl implements RolloutWorkflow {

    private static final Logger log = Workflow.getLogger(RolloutWorkflowImpl.class);
    private static final OperatorCommand TEMPORAL_CANCEL =
            new OperatorCommand("Temporal", "the workflow was cancelled through Temporal");

    private final RolloutData data;
    private final EventLog events;
    private final ScaleSetActivities azure;
    private final ContinueAsNewTrigger continueAsNew;
    private final Gatekeeper gate;

    @WorkflowInit
    public RolloutWorkflowImpl(RolloutInput input) {
        this(input, ContinueAsNewTrigger.WHEN_SUGGESTED);
    }

    RolloutWorkflowImpl(RolloutInput input, ContinueAsNewTrigger continueAsNew) {
        this.data = new RolloutData(input);
        this.events = new EventLog(data);
        this.azure = Workflow.newActivityStub(ScaleSetActivities.class, RolloutActivityOptions.azure(),
                RolloutActivityOptions.azurePerMethod(input.plan().health()));
        this.continueAsNew = continueAsNew;
        this.gate = new Gatekeeper(data, events);
    }

    @Override
    public RolloutProgress run(RolloutInput input) {
        String refused = gate.claim();
        if (refused != null) {
            // Not our rollout to drive: no Azure call, no row written (SECURITY.md, "the Temporal side door").
            log.warn("workflow run refused, rollout {} untouched: {}", input.rolloutId(), refused);
            Workflow.setCurrentDetails("refused: " + refused);
            throw ApplicationFailure.newNonRetryableFailure(refused, Gatekeeper.CLAIM_REFUSED);
        }
        if (data.state.isTerminal()) {
            return data.toProgress(); // resumed after it ended: nothing left to do
        }
        if (input.searchAttributes()) {
            Workflow.upsertTypedSearchAttributes(
                    RolloutSearchAttributes.ROLLOUT_ID.valueSet(input.rolloutId()),
                    RolloutSearchAttributes.SCALE_SET.valueSet(input.plan().target().toString()),
                    RolloutSearchAttributes.ROLLOUT_STATE.valueSet(data.state.name()));
        }
        Workflow.setCurrentDetails(CurrentDetails.of(data));
        CanceledFailure cancelledThroughTemporal = null;
        Outcome outcome;
        try {
            outcome = drive();
        } catch (CanceledFailure cancelled) {
            cancelledThroughTemporal = cancelled;
            outcome = Outcome.cancelled(TEMPORAL_CANCEL);
        }
        Outcome end = outcome;
        // Detached: a workflow cancelled through Temporal still restores the policy and records its end.
        Workflow.newDetachedCancellationScope(() -> {
            new Completion(data, events, azure).complete(end);
            events.awaitNotifications();
            Workflow.await(Workflow::isEveryHandlerFinished);
        }).run();
        if (cancelledThroughTemporal != null) {
            throw cancelledThroughTemporal; // so Temporal shows the execution as cancelled, as it was asked
        }
        return data.toProgress();
    }

    private Outcome drive() {
        WaveUpgrade upgrade = new WaveUpgrade(data, azure);
        Rollback rollback = new Rollback(data, events, azure, upgrade);
        ResumePoint resume = data.input.resume();
        if (resume != null && !resume.continuedAsNew()) {
            recovered(resume);
        }
        if (data.state == RolloutState.ROLLING_BACK && data.baseline != null) {
            return rollback.resume("resumed after the workflow was restarted");
        }
        if (data.baseline == null) {
            // Nothing changed in Azure yet: not even the policy switch happens outside the window.
            Outcome waited = new WindowGate(data, events).beforeFirstChange();
            if (waited != null) {
                return waited;
            }
        }
        // One watch for both: the instances listed to plan the waves are the census before the first.
        ModelWatch watch = new ModelWatch(data, azure);
        return new Preparation(data, events, azure, watch).run()
                .orElseGet(() -> new WaveLoop(data, events, upgrade, rollback, continueAsNew, watch).run());
    }

    /** The reconciler restarted a lost workflow: say so, and go back to the wait it was in. */
    private void recovered(ResumePoint resume) {
        RolloutState state = resume.state() == RolloutState.PAUSED || resume.state() == RolloutState.WAITING_FOR_APPROVAL
                ? RolloutState.RUNNING : data.state;
        events.record(Change.of(EventType.RECOVERED, resume.completedWaves()).rollout(state));
        if (resume.state() == RolloutState.PAUSED && data.failedWave == null) {
            data.pauseRequest = new OperatorCommand(null, "the rollout was paused when its workflow was lost");
        }
    }

    @Override
    public void validateApprove(ApproveWave request) {
        ApprovalRules.check(data, request);
    }

    @Override
    public RolloutProgress approve(ApproveWave request) {
        ApproveWave admitted = gate.admit(request);
        if (admitted == null) {
            throw ApplicationFailure.newNonRetryableFailure("approval refused: " + gate.lastRefusal(),
                    Gatekeeper.ACTION_REFUSED);
        }
        if (!data.approvedWaves.contains(admitted.wave())) {
            String late = whyNoLongerApprovable(request);
            if (late != null) {
                throw ApplicationFailure.newNonRetryableFailure("approval refused: " + late, Gatekeeper.ACTION_REFUSED);
            }
            recordApproval(admitted);
        }
        return data.toProgress();
    }

    /**
     * The gate asks PostgreSQL through an activity, so a cancel or rollback may have ended the wait (or the rollout)
     * before it answers: the validator's check no longer holds and is made again.
     */
    private String whyNoLongerApprovable(ApproveWave request) {
        try {
            ApprovalRules.check(data, request);
            return null;
        } catch (IllegalArgumentException | IllegalStateException late) {
            return late.getMessage();
        }
    }

    @Override
    public void approveSignal(ApproveWave request) {
        try {
            ApprovalRules.check(data, request);
        } catch (IllegalArgumentException | IllegalStateException rejected) {
            log.warn("approval signal ignored: {}", rejected.getMessage());
            return;
        }
        ApproveWave admitted = gate.admit(request);
        if (admitted != null && !data.approvedWaves.contains(admitted.wave())) {
            String late = whyNoLongerApprovable(request);
            if (late != null) {
                log.warn("approval signal ignored: {}", late);
                return;
            }
            recordApproval(admitted);
        }
    }

    private void recordApproval(ApproveWave request) {
        int index = request.wave();
        data.approvedWaves.add(index);
        String comment = request.comment() == null || request.comment().isBlank() ? null : ": " + request.comment();
        events.record(Change.withDetail(comment, EventType.APPROVED, index + 1, data.waveCount(), request.approver())
                .by(request.approver())
                .wave(index, null));
        if (Integer.valueOf(index).equals(data.waitingForApproval)) {
            data.waitingForApproval = null; // approved: the wave no longer waits, even before it starts
        }
    }

    @Override
    public void pause(OperatorCommand request) {
        OperatorCommand command = gate.admit("pause", orUnnamed(request));
        if (command == null || ignored("pause", command, OperatorRules.whyNotPause(data))) {
            return;
        }
        data.pauseRequest = command;
        if (data.waveInFlight) {
            events.record(Change.of(EventType.PAUSE_REQUESTED, Operators.actor(command), Operators.reason(command))
                    .by(command.actor()));
        }
    }

    @Override
    public void resume(OperatorCommand request) {
        OperatorCommand command = gate.admit("resume", orUnnamed(request));
        if (command == null || ignored("resume", command, OperatorRules.whyNotResume(data))) {
            return;
        }
        if (data.state != RolloutState.PAUSED) {
            data.pauseRequest = null;
            events.record(Change.withDetail("; the pause requested earlier is withdrawn",
                    EventType.RESUMED, Operators.actor(command)).by(command.actor()));
            return;
        }
        String detail = data.failedWave == null ? null
                : "; " + data.waveName(data.failedWave) + " stays failed and the rollout goes on";
        data.decision = RolloutData.Decision.RESUME;
        events.record(Change.withDetail(detail, EventType.RESUMED, Operators.actor(command))
                .by(command.actor()).rollout(RolloutState.RUNNING));
    }

    @Override
    public void retryWave(OperatorCommand request) {
        OperatorCommand command = gate.admit("retryWave", orUnnamed(request));
        if (command == null || ignored("retryWave", command, OperatorRules.whyNotRetry(data))) {
            return;
        }
        int index = data.failedWave;
        data.decision = RolloutData.Decision.RETRY;
        events.record(Change.of(EventType.RETRYING_WAVE, index + 1, data.waveCount(), Operators.actor(command))
                .by(command.actor()).rollout(RolloutState.RUNNING));
    }

    @Override
    public void cancel(OperatorCommand request) {
        OperatorCommand command = gate.admit("cancel", orUnnamed(request));
        if (command == null || ignored("cancel", command, OperatorRules.whyNotCancel(data))) {
            return;
        }
        data.cancelRequest = command;
        events.record(Change.withDetail(requestDetail(command), EventType.CANCEL_REQUESTED, Operators.actor(command))
                .by(command.actor()));
    }

    @Override
    public void rollback(OperatorCommand request) {
        OperatorCommand command = gate.admit("rollback", orUnnamed(request));
        if (command == null || ignored("rollback", command, OperatorRules.whyNotRollback(data))) {
            return;
        }
        data.rollbackRequest = command;
        events.record(Change.withDetail(requestDetail(command), EventType.ROLLBACK_REQUESTED, Operators.actor(command))
                .by(command.actor()));
    }

    @Override
    public void validateRequestOverride(OverrideRequest request) {
        OverrideRules.checkRequest(data, request);
    }

    @Override
    public RolloutProgress requestOverride(OverrideRequest asked) {
        OverrideRequest request = gate.admit(asked);
        if (request == null) {
            throw ApplicationFailure.newNonRetryableFailure("override request refused: " + gate.lastRefusal(),
                    Gatekeeper.ACTION_REFUSED);
        }
        data.windowOverride = new WindowOverride(request.actor(), request.reason(), null);
        events.record(Change.of(EventType.OVERRIDE_REQUESTED, request.actor(), request.reason()).by(request.actor()));
        return data.toProgress();
    }

    @Override
    public void validateApproveOverride(OverrideApproval approval) {
        OverrideRules.checkApproval(data, approval);
    }

    @Override
    public RolloutProgress approveOverride(OverrideApproval given) {
        OverrideApproval approval = gate.admit(given);
        if (approval == null) {
            throw ApplicationFailure.newNonRetryableFailure("override approval refused: " + gate.lastRefusal(),
                    Gatekeeper.ACTION_REFUSED);
        }
        WindowOverride asked = data.windowOverride;
        data.windowOverride = new WindowOverride(asked.requestedBy(), asked.reason(), approval.approver());
        String comment = approval.comment() == null || approval.comment().isBlank() ? null : " (" + approval.comment() + ")";
        events.record(Change.withDetail(comment, EventType.OVERRIDE_APPROVED, asked.requestedBy(), approval.approver())
                .by(approval.approver()));
        return data.toProgress();
    }

    @Override
    public void calendarChanged() {
        data.calendarChanged = true;
    }

    @Override
    public RolloutProgress progress() {
        return data.toProgress();
    }

    private String requestDetail(OperatorCommand command) {
        if (!data.waveInFlight) {
            return ": " + Operators.reason(command);
        }
        return ": " + Operators.reason(command) + (data.wavesInterruptible
                ? "; it interrupts the wave in flight" : "; it takes effect when the current wave ends");
    }

    private boolean ignored(String signal, OperatorCommand command, String whyNot) {
        if (whyNot == null) {
            return false;
        }
        log.info("{} from {} ignored: {}", signal, command.actor(), whyNot);
        return true;
    }

    /** A signal sent without a body (Temporal UI, CLI) still counts, from an unnamed operator. */
    private static OperatorCommand orUnnamed(OperatorCommand command) {
        return command == null ? new OperatorCommand(null, null) : command;
    }
}
