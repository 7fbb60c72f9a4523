package dev.vmssrollout.workflows;

import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.InconclusivePolicy;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.workflows.AnalysisActivities.SampleRequest;
import dev.vmssrollout.workflows.AnalysisActivities.SampleResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's metric analysis of one healthy wave: {@code samples} measurements {@code interval} apart (durable
 * timers), each looking back over one interval. The first FAIL ends it; an INCONCLUSIVE sample is remembered and
 * the rest are still taken, since a later one may FAIL.
 */
final class WaveAnalysis {

    private final RolloutData data;
    private final AnalysisActivities activities;

    WaveAnalysis(RolloutData data) {
        this.data = data;
        this.activities = Workflow.newActivityStub(AnalysisActivities.class, RolloutActivityOptions.analysis());
    }

    /**
     * How the analysis ended. {@code verdict} is null when an operator's cancel or rollback interrupted it.
     */
    record Result(Verdict verdict, String reason) {

        boolean interrupted() {
            return verdict == null;
        }

        /** Why the wave does not count as passed under {@code policy}; null when it does. */
        String problem(InconclusivePolicy policy) {
            return policy.problem(verdict, reason);
        }
    }

    Result run(int index, List<String> instanceIds) {
        Analysis analysis = data.plan().analysis();
        Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        List<String> baseline = notYetUpgraded(index);
        List<String> inconclusive = new ArrayList<>();
        for (int sample = 1; sample <= analysis.samples(); sample++) {
            if (Workflow.await(analysis.interval(), data::cancelOrRollbackRequested)) {
                return new Result(null, "interrupted by an operator's request");
            }
            SampleResult result = measure(new SampleRequest(data.input.rolloutId(), index, started, sample,
                    data.target(), instanceIds, baseline, analysis));
            String where = "sample " + sample + "/" + analysis.samples() + ": ";
            if (result.verdict() == Verdict.FAIL) {
                return new Result(Verdict.FAIL, where + result.reason());
            }
            if (result.verdict() == Verdict.INCONCLUSIVE) {
                inconclusive.add(where + result.reason());
            }
        }
        return inconclusive.isEmpty() ? new Result(Verdict.PASS, null)
                : new Result(Verdict.INCONCLUSIVE, String.join("; ", inconclusive));
    }

    private SampleResult measure(SampleRequest request) {
        try {
            return activities.measure(request);
        } catch (ActivityFailure e) {
            // Given up on (or no worker serves analysis): unknown, never a PASS.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new SampleResult(Verdict.INCONCLUSIVE, "could not measure: " + cause.getMessage());
        }
    }

    /** The instances of the waves after {@code index}: the rollout has not touched them, they run the previous image. */
    private List<String> notYetUpgraded(int index) {
        List<String> ids = new ArrayList<>();
        for (int later = index + 1; later < data.waves.size(); later++) {
            ids.addAll(data.waves.get(later).wave.instanceIds());
        }
        return ids;
    }
}
