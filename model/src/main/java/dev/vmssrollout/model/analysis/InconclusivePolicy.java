package dev.vmssrollout.model.analysis;

/** What a wave's analysis does when a measurement can tell neither PASS nor FAIL. */
public enum InconclusivePolicy {
    /** Stop and let a person look (resume accepts the wave, retry measures again). The default. */
    PAUSE,
    /** Treat it as a failure: the plan's onFailure applies. */
    FAIL,
    /** Go on as if it had passed; the evidence still says INCONCLUSIVE. */
    PASS;

    /** Why an analysis that ended {@code verdict} (for {@code reason}) does not pass under this policy; null if it does. */
    public String problem(Verdict verdict, String reason) {
        if (verdict == Verdict.FAIL) {
            return "metric analysis failed: " + reason;
        }
        if (verdict == Verdict.INCONCLUSIVE && this != PASS) {
            return "metric analysis inconclusive (onInconclusive=" + this + "): " + reason;
        }
        return null;
    }
}
