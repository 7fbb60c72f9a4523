package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/** How every process that starts a rollout workflow (the api, the reconciler) starts it. */
public final class RolloutWorkflowOptions {

    private RolloutWorkflowOptions() {
    }

    /**
     * A new rollout: the workflow ID is derived from the rollout ID and may never be used by a
     * second run, open or closed, so a retried submit cannot upgrade a scale set twice.
     */
    public static WorkflowOptions forRollout(String rolloutId, RolloutPlan plan, boolean searchAttributes) {
        return builder(rolloutId, plan, searchAttributes)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
    }

    /**
     * A rollout whose workflow was lost or killed (terminated, timed out): a new run is allowed only
     * when no run of this rollout is open and none completed, so a rollout that ended is never run again.
     */
    public static WorkflowOptions forRecovery(String rolloutId, RolloutPlan plan, boolean searchAttributes) {
        return builder(rolloutId, plan, searchAttributes)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                .build();
    }

    /** One line for lists in the Temporal UI, e.g. "Upgrade demo-rg/web to version 24.04.202410010". */
    public static String summary(RolloutPlan plan) {
        return "Upgrade " + plan.target() + " to " + plan.image();
    }

    /** The plan, in Markdown, for the workflow's page in the Temporal UI. */
    public static String details(String rolloutId, RolloutPlan plan) {
        Strategy strategy = plan.strategy();
        HealthPolicy health = plan.health();
        StringBuilder details = new StringBuilder()
                .append("**Rollout ").append(rolloutId).append("**\n\n")
                .append("- scale set: `").append(plan.target().resourceId()).append("`\n")
                .append("- image: ").append(plan.image()).append('\n')
                .append("- waves: by ").append(strategy.mode());
        if (strategy.batchSize() != null) {
            details.append(", at most ").append(strategy.batchSize()).append(" instances each");
        }
        if (strategy.batchPercent() != null) {
            details.append(", at most ").append(strategy.batchPercent()).append("% of the instances each");
        }
        if (!strategy.instanceIds().isEmpty()) {
            details.append(", instances ").append(String.join(", ", strategy.instanceIds()));
        }
        details.append(", pause between waves ").append(strategy.pauseBetweenWaves()).append('\n')
                .append("- approval: ").append(plan.approval()).append('\n')
                .append("- health: healthy within ").append(health.timeout())
                .append(", ready for ").append(health.minReady())
                .append(", at most ").append(health.maxUnhealthyPercent()).append("% unhealthy\n")
                .append("- on failure: ").append(plan.onFailure()).append('\n')
                .append("- upgrade policy switch allowed: ").append(plan.allowPolicySwitch() ? "yes" : "no").append('\n');
        return details.toString();
    }

    private static WorkflowOptions.Builder builder(String rolloutId, RolloutPlan plan, boolean searchAttributes) {
        WorkflowOptions.Builder builder = WorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.workflowId(rolloutId))
                .setTaskQueue(TaskQueues.ROLLOUTS)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setStaticSummary(summary(plan))
                .setStaticDetails(details(rolloutId, plan));
        if (searchAttributes) {
            builder.setTypedSearchAttributes(RolloutSearchAttributes.initial(rolloutId, plan.target()));
        }
        return builder;
    }
}
