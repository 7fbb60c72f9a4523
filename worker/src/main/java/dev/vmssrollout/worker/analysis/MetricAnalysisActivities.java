package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.store.AnalysisStore;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.workflows.AnalysisActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measures a wave through the providers configured on this worker, by name, and keeps every measurement in the
 * store before answering. A check whose provider is unknown, fails or times out is INCONCLUSIVE, never PASS. Each
 * measurement is counted once, when it is stored ({@value #MEASUREMENTS}, by provider and verdict).
 */
public final class MetricAnalysisActivities implements AnalysisActivities {

    public static final String MEASUREMENTS = "vmss.rollout.analysis.measurements";
    /** The provider tag of a check naming a provider this worker does not have: plans choose names, tags stay few. */
    static final String UNCONFIGURED = "unconfigured";

    private final AnalysisStore store;
    private final Map<String, AnalysisProvider> providers;
    private final Clock clock;
    private final MeterRegistry meters;

    /** Counts measurements in Micrometer's global registry. */
    public MetricAnalysisActivities(AnalysisStore store, Map<String, ? extends AnalysisProvider> providers, Clock clock) {
        this(store, providers, clock, Metrics.globalRegistry);
    }

    /** @param providers by the name plans use, e.g. {@code azure-monitor} */
    public MetricAnalysisActivities(AnalysisStore store, Map<String, ? extends AnalysisProvider> providers, Clock clock,
                                    MeterRegistry meters) {
        this.store = store;
        this.providers = new TreeMap<>(providers);
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public SampleResult measure(SampleRequest request) {
        List<Measurement> stored = store.sample(request.rolloutId(), request.waveIndex(), request.analysisStartedAt(),
                request.sample());
        if (stored.isEmpty()) {
            Instant to = clock.instant();
            Instant from = to.minus(request.analysis().interval());
            List<Measurement> measured = new ArrayList<>();
            for (AnalysisCheck check : request.analysis().checks()) {
                measured.add(measure(request, check, from, to));
            }
            stored = store.recordSample(request.rolloutId(), measured);
            stored.forEach(this::count);
        }
        return summary(stored);
    }

    private Measurement measure(SampleRequest request, AnalysisCheck check, Instant from, Instant to) {
        String scaleSet = request.target().name();
        List<String> waveVms = request.waveInstanceIds().stream().map(id -> scaleSet + "_" + id).toList();
        List<String> baselineVms = request.baselineInstanceIds().stream().map(id -> scaleSet + "_" + id).toList();
        AnalysisProvider configured = providers.get(check.provider());
        String asked = check.metric() != null ? check.metric() : check.query();
        if (configured == null) {
            return measurement(request, check, asked, from, to, Map.of(), null, null, Verdict.INCONCLUSIVE,
                    check.name() + ": no provider named '" + check.provider() + "' is configured on the worker"
                            + (providers.isEmpty() ? " (none is)" : " (configured: " + String.join(", ", providers.keySet()) + ")"));
        }
        if (configured instanceof VerdictProvider judge) {
            return judged(request, check, judge, waveVms, baselineVms, from, to);
        }
        MetricsProvider provider = (MetricsProvider) configured;
        List<String> vms = new ArrayList<>(waveVms);
        vms.addAll(baselineVms);
        MetricsProvider.Reading reading;
        try {
            reading = provider.read(check, request.target(), vms, from, to);
        } catch (MetricsProvider.ProviderException e) {
            return measurement(request, check, e.query() == null ? asked : e.query(), from, to, Map.of(), null, null,
                    Verdict.INCONCLUSIVE, check.name() + ": " + e.getMessage());
        }
        CheckJudge.Judgement judged = CheckJudge.judge(check, reading.values(), waveVms, baselineVms);
        return measurement(request, check, reading.query(), from, to, judged.instanceValues(), judged.value(),
                judged.baseline(), judged.verdict(), judged.reason());
    }

    /** The provider's verdict is taken as it is; its value, if any, is evidence. */
    private Measurement judged(SampleRequest request, AnalysisCheck check, VerdictProvider judge, List<String> waveVms,
                               List<String> baselineVms, Instant from, Instant to) {
        VerdictProvider.Answer answer;
        try {
            answer = judge.judge(check, new VerdictProvider.Wave(request.rolloutId(), request.waveIndex(),
                    request.analysisStartedAt(), request.sample(), request.target(), waveVms, baselineVms, from, to));
        } catch (MetricsProvider.ProviderException e) {
            return measurement(request, check, e.query(), from, to, Map.of(), null, null, Verdict.INCONCLUSIVE,
                    check.name() + ": " + e.getMessage());
        }
        String reason = check.name() + ": " + check.provider() + " says " + answer.verdict()
                + (answer.value() == null ? "" : " (value " + CheckJudge.format(answer.value()) + ")")
                + (answer.detail() == null || answer.detail().isBlank() ? "" : ": " + answer.detail());
        return measurement(request, check, answer.request(), from, to, answer.instanceValues(), answer.value(), null,
                answer.verdict(), reason);
    }

    private void count(Measurement measurement) {
        String provider = providers.containsKey(measurement.provider()) ? measurement.provider() : UNCONFIGURED;
        Counter.builder(MEASUREMENTS).description("Metric analysis measurements stored, by provider and verdict")
                .tag("provider", provider).tag("verdict", measurement.verdict().name()).register(meters).increment();
    }

    private Measurement measurement(SampleRequest request, AnalysisCheck check, String query, Instant from, Instant to,
                                    Map<String, Double> values, Double value, Double baseline, Verdict verdict,
                                    String reason) {
        return new Measurement(request.waveIndex(), request.analysisStartedAt(), request.sample(), check.name(),
                check.provider(), query, from, to, values, value, baseline, check.condition(), verdict, reason,
                clock.instant());
    }

    private static SampleResult summary(List<Measurement> measurements) {
        Verdict verdict = measurements.stream().map(Measurement::verdict).reduce(Verdict.PASS, Verdict::and);
        String reason = measurements.stream().filter(m -> m.verdict() == verdict && verdict != Verdict.PASS)
                .map(Measurement::reason).collect(Collectors.joining("; "));
        return new SampleResult(verdict, reason.isEmpty() ? null : reason);
    }
}
