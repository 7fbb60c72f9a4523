package dev.vmssrollout.api.temporal;

/** What Temporal knows of a rollout's workflow. */
public enum WorkflowStatus {
    /** A run is open. */
    RUNNING,
    /** The last run completed normally. */
    COMPLETED,
    /** The last run timed out: nothing will carry on. */
    KILLED,
    /** Someone terminated the last run (Temporal UI, CLI, API): they wanted it stopped. */
    TERMINATED,
    /** The last run failed or was cancelled by the workflow's own logic. */
    FAILED,
    /** Temporal has no workflow with this ID (lost with its server, or removed after retention). */
    NOT_FOUND
}
