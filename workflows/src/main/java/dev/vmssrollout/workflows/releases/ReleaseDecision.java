package dev.vmssrollout.workflows.releases;

/** What an operator told a release to do; acted on when the release is paused (abort and rollback also earlier). */
public enum ReleaseDecision {
    /** Go on with the stage's remaining scale sets and the later stages; the failed scale set stays as it is. */
    RESUME,
    /** Upgrade the failed scale sets again with new rollouts, then go on. */
    RETRY_FAILED,
    /** Put the previous image back on every scale set the release changed, newest first. */
    ROLLBACK,
    /** Stop here: start nothing more, leave every scale set as it is; the release ends FAILED. */
    ABORT
}
