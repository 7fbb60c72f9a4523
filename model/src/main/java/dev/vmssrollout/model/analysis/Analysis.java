package dev.vmssrollout.model.analysis;

import java.time.Duration;
import java.util.List;

/**
 * The metric analysis every wave passes before the next one starts: once the wave is healthy, {@code samples}
 * measurements of every check, {@code interval} apart (each measurement looks back over one interval). Any FAIL
 * fails the wave (the plan's onFailure applies); an INCONCLUSIVE measurement (no data, NaN, a provider error) is
 * never a PASS: {@code onInconclusive} decides.
 */
public record Analysis(List<AnalysisCheck> checks, Duration interval, Integer samples,
                       InconclusivePolicy onInconclusive) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_SAMPLES = 1;

    public Analysis {
        checks = checks == null ? List.of() : checks.stream().toList();
    }

    /** Fills what the user left out with the documented defaults. */
    public Analysis withDefaults() {
        return new Analysis(checks.stream().map(AnalysisCheck::withDefaults).toList(),
                interval == null ? DEFAULT_INTERVAL : interval,
                samples == null ? DEFAULT_SAMPLES : samples,
                onInconclusive == null ? InconclusivePolicy.PAUSE : onInconclusive);
    }

    /**
     * The analysis a release's bake runs on a scale set the stage upgraded: the checks against a fixed number only,
     * since no instance of it is left on the previous image to be a baseline. Null when every check needs one.
     * Call only on a validated analysis.
     */
    public Analysis forBake() {
        List<AnalysisCheck> fixed = checks.stream().filter(c -> !c.parsedCondition().againstBaseline()).toList();
        return fixed.isEmpty() ? null : new Analysis(fixed, interval, samples, onInconclusive);
    }
}
