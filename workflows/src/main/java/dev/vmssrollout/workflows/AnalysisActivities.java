package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.Verdict;
import io.temporal.activity.ActivityInterface;

import java.time.Instant;
import java.util.List;

/**
 * Metric analysis of a wave: measures every check once through the providers configured on the worker, stores the
 * measurements with the wave, then answers. A retry after a crash answers from what was stored, so no measurement is
 * lost or duplicated in the evidence. Provider errors, timeouts, empty results and NaN are INCONCLUSIVE, never PASS.
 */
@ActivityInterface
public interface AnalysisActivities {

    SampleResult measure(SampleRequest request);

    /**
     * One measurement of every check of {@code analysis}, over the {@code analysis.interval()} before now.
     *
     * @param analysisStartedAt when the wave's analysis began (workflow time), part of the evidence's key
     * @param sample            1-based
     * @param waveInstanceIds   the wave's instances, judged
     * @param baselineInstanceIds instances still on the previous image, the baseline to compare with
     */
    record SampleRequest(String rolloutId, int waveIndex, Instant analysisStartedAt, int sample, ScaleSetRef target,
                         List<String> waveInstanceIds, List<String> baselineInstanceIds, Analysis analysis) {
    }

    /** The sample's verdict (the worst of its checks) and, unless it passed, why. */
    record SampleResult(Verdict verdict, String reason) {
    }
}
