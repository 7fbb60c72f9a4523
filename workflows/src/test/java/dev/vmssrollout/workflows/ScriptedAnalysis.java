package dev.vmssrollout.workflows;

import dev.vmssrollout.model.analysis.Verdict;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Analysis activities that answer what a test scripted per wave (PASS unless told), and remember every request. */
final class ScriptedAnalysis implements AnalysisActivities {

    private final List<SampleRequest> requests = new ArrayList<>();
    private final Map<Integer, Verdict> verdicts = new HashMap<>();
    private volatile boolean broken;

    synchronized ScriptedAnalysis answer(int waveIndex, Verdict verdict) {
        verdicts.put(waveIndex, verdict);
        return this;
    }

    /**
     * Every call fails, as a worker whose store and providers are down would: retryably at first; from the fourth
     * attempt on for good. In production the schedule-to-close timeout ends the retries; the Java test server can
     * retry thousands of times without its clock reaching that timeout (sdk-java#626), which stalled the test under
     * load. The workflow treats both endings alike (one catch of ActivityFailure).
     */
    ScriptedAnalysis broken() {
        broken = true;
        return this;
    }

    @Override
    public synchronized SampleResult measure(SampleRequest request) {
        requests.add(request);
        if (broken) {
            if (Activity.getExecutionContext().getInfo().getAttempt() < 4) {
                throw new IllegalStateException("the analysis store is down");
            }
            throw ApplicationFailure.newNonRetryableFailure("the analysis store is down", "StoreDown");
        }
        Verdict verdict = verdicts.getOrDefault(request.waveIndex(), Verdict.PASS);
        return new SampleResult(verdict, switch (verdict) {
            case PASS -> null;
            case FAIL -> "errors: 0.3 is not < 0.05 (scripted)";
            case INCONCLUSIVE -> "errors: no value for web_3 (scripted)";
        });
    }

    synchronized List<SampleRequest> requests() {
        return List.copyOf(requests);
    }
}
