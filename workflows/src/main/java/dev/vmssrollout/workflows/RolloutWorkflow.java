package dev.vmssrollout.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One rollout of one scale set. Operator actions are signals so they also work from the Temporal
 * UI and CLI; approval is an Update so the caller learns at once whether it was accepted, with a
 * signal twin for tools that can only signal.
 */
@WorkflowInterface
public interface RolloutWorkflow {

    @WorkflowMethod
    RolloutProgress run(RolloutInput input);

    @UpdateMethod
    RolloutProgress approve(ApproveWave request);

    @UpdateValidatorMethod(updateName = "approve")
    void validateApprove(ApproveWave request);

    /** Approval for tools that can only signal (Temporal UI); an invalid one is logged and ignored. */
    @SignalMethod
    void approveSignal(ApproveWave request);

    /** Takes effect between waves; never interrupts a manualupgrade already sent. */
    @SignalMethod
    void pause(OperatorCommand command);

    @SignalMethod
    void resume(OperatorCommand command);

    /** When paused after a failed wave: upgrade that wave again. */
    @SignalMethod
    void retryWave(OperatorCommand command);

    @SignalMethod
    void cancel(OperatorCommand command);

    @SignalMethod
    void rollback(OperatorCommand command);

    /** Asks to run outside the maintenance windows, with a reason; another person must approve it. */
    @UpdateMethod
    RolloutProgress requestOverride(OverrideRequest request);

    @UpdateValidatorMethod(updateName = "requestOverride")
    void validateRequestOverride(OverrideRequest request);

    /** Four-eyes: whoever asked for the override cannot approve it. */
    @UpdateMethod
    RolloutProgress approveOverride(OverrideApproval approval);

    @UpdateValidatorMethod(updateName = "approveOverride")
    void validateApproveOverride(OverrideApproval approval);

    /** A calendar the rollout's schedule uses changed: a waiting rollout checks its window again now. */
    @SignalMethod
    void calendarChanged();

    @QueryMethod
    RolloutProgress progress();
}
