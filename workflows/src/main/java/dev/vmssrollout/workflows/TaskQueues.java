package dev.vmssrollout.workflows;

/** Names shared by every process that starts, runs or signals rollouts. */
public final class TaskQueues {

    public static final String ROLLOUTS = "vmss-rollouts";

    private TaskQueues() {
    }

    /** One workflow per rollout, with an ID anyone holding the rollout ID can rebuild. */
    public static String workflowId(String rolloutId) {
        return "rollout-" + rolloutId;
    }
}
