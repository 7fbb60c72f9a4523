package dev.vmssrollout.model.analysis;

/** What one measurement, or a wave's whole analysis, concluded. */
public enum Verdict {
    PASS,
    FAIL,
    /** No data, NaN, or the provider could not be asked: unknown, never a PASS. */
    INCONCLUSIVE;

    /** The worse of two: FAIL over INCONCLUSIVE over PASS. */
    public Verdict and(Verdict other) {
        if (this == FAIL || other == FAIL) {
            return FAIL;
        }
        return this == INCONCLUSIVE || other == INCONCLUSIVE ? INCONCLUSIVE : PASS;
    }
}
