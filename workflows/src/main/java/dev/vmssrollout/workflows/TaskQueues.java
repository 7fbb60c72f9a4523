package dev.vmssrollout.workflows;

/** Names shared by every process that starts, runs or signals rollouts. */
public final class TaskQueues {

    public static final String ROLLOUTS = "vmss-rollouts";
    /** Release workflows and their activities; the releases' rollouts run on {@link #ROLLOUTS}. */
    public static final String RELEASES = "vmss-releases";

    private TaskQueues() {
    }

    /** One workflow per rollout, with an ID anyone holding the rollout ID can rebuild. */
    public static String workflowId(String rolloutId) {
        return "rollout-" + rolloutId;
    }

    public static String releaseWorkflowId(String releaseId) {
        return "release-" + releaseId;
    }
}
