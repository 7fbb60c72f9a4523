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

    @QueryMethod
    ReleaseProgress progress();
}
