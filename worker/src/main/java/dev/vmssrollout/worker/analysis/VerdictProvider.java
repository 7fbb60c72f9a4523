package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A provider that judges the wave itself, such as a webhook: its answer is the verdict. */
public non-sealed interface VerdictProvider extends AnalysisProvider {

    /**
     * @throws MetricsProvider.ProviderException when it could not be asked, or its answer is not a verdict
     */
    Answer judge(AnalysisCheck check, Wave wave);

    /** What is being judged: the wave's VMs, the baseline's, the time range, and where in the rollout. */
    record Wave(String rolloutId, int waveIndex, Instant analysisStartedAt, int sample, ScaleSetRef target,
                List<String> vms, List<String> baselineVms, Instant from, Instant to) {
    }

    /**
     * @param request        what was sent, as sent
     * @param value          the value the verdict rests on, or null
     * @param instanceValues values per VM, if the provider gave them (else empty)
     * @param detail         the provider's own words, or null
     */
    record Answer(String request, Verdict verdict, Double value, Map<String, Double> instanceValues, String detail) {
    }
}
