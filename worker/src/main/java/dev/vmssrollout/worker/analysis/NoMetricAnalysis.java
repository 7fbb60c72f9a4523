package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.workflows.AnalysisActivities;

/**
 * For a worker started without metric analysis: a plan's analysis is answered INCONCLUSIVE (never PASS), so the
 * workflow does not wait for an activity no worker serves.
 */
public final class NoMetricAnalysis implements AnalysisActivities {

    @Override
    public SampleResult measure(SampleRequest request) {
        return new SampleResult(Verdict.INCONCLUSIVE, "this worker was started without metric analysis providers");
    }
}
