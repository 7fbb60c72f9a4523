package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.workflows.AnalysisActivities;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric analysis as a bake sees it: each scale set's samples get the verdict {@link #verdicts} gives its name (PASS
 * when none). Every request is recorded.
 */
final class ScriptedBakeAnalysis implements AnalysisActivities {

    final Map<String, Verdict> verdicts = new HashMap<>();
    private final List<SampleRequest> requests = new ArrayList<>();

    @Override
    public synchronized SampleResult measure(SampleRequest request) {
        requests.add(request);
        Verdict verdict = verdicts.getOrDefault(request.target().name(), Verdict.PASS);
        return new SampleResult(verdict, verdict == Verdict.PASS ? null : "errors: 0.2 is not < 0.05");
    }

    synchronized List<SampleRequest> requests(String scaleSet) {
        return requests.stream().filter(r -> r.target().name().equals(scaleSet)).toList();
    }
}
