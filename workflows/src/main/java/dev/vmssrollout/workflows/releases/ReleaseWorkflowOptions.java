package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/** How every process that starts a release workflow starts it. */
public final class ReleaseWorkflowOptions {

    private ReleaseWorkflowOptions() {
    }

    /** One run per release ID, ever: a retried submit cannot start a release twice. */
    public static WorkflowOptions forRelease(String releaseId, ReleaseInput input) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.releaseWorkflowId(releaseId))
                .setTaskQueue(TaskQueues.RELEASES)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setStaticSummary("Release " + releaseId + ": " + input.plan().scaleSetCount() + " scale sets in "
                        + input.plan().stages().size() + " stages to " + input.plan().rollout().image())
                .build();
    }
}
