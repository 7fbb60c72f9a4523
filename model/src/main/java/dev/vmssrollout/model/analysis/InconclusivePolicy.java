package dev.vmssrollout.model.analysis;

/** What a wave's analysis does when a measurement can tell neither PASS nor FAIL. */
public enum InconclusivePolicy {
    /** Stop and let a person look (resume accepts the wave, retry measures again). The default. */
    PAUSE,
    /** Treat it as a failure: the plan's onFailure applies. */
    FAIL,
    /** Go on as if it had passed; the evidence still says INCONCLUSIVE. */
    PASS
}
