package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.workflows.OperatorCommand;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A release: stages of scale sets, each scale set upgraded by an ordinary rollout workflow started as a child (with
 * its own rollout row, page and controls). Stops the line when a rollout fails and waits for an operator.
 */
@WorkflowInterface
public interface ReleaseWorkflow {

    /**
     * The API's request row for a stage approval or operator action names the signal with this prefix
     * ("release.approveStage", "release.abort", ...), so a row written for a rollout never passes for a release's.
     */
    String REQUEST_ACTION_PREFIX = "release.";

    @WorkflowMethod
    ReleaseProgress run(ReleaseInput input);

    /** Lets a stage with an approval gate start; four-eyes: not by the submitter. Invalid ones are logged and ignored. */
    @SignalMethod
    void approveStage(StageApproval approval);

    /** When paused after a failure: go on, leaving the failed scale set as it is. */
    @SignalMethod
    void resume(OperatorCommand command);

    /** When paused after a failure: upgrade the failed scale sets again, then go on. */
    @SignalMethod
    void retryFailed(OperatorCommand command);

    /** Start nothing more and put the previous image back on every changed scale set, newest first. */
    @SignalMethod
    void rollback(OperatorCommand command);

    /** Start nothing more; every scale set stays as it is. */
    @SignalMethod
    void abort(OperatorCommand command);

    /**
     * Asks for an emergency override of the plan's windows ({@code reason} required): until another person approves
     * it, nothing changes. Refused (logged) without a schedule, after the release ended, or when one is asked for.
     */
    @SignalMethod
    void requestOverride(OperatorCommand command);

    /**
     * Approves the override asked for (four-eyes: not by its requester; {@code reason} is the comment): the release's
     * stages no longer wait for a window, and every rollout it runs or starts from now on gets the same override.
     */
    @SignalMethod
    void approveOverride(OperatorCommand command);

    @QueryMethod
    ReleaseProgress progress();
}
