package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.model.store.WaveDetails;
import dev.vmssrollout.model.store.AnalysisStore;
import dev.vmssrollout.model.store.Measurement;
import org.springframework.beans.factory.ObjectProvider;
import dev.vmssrollout.workflows.TaskQueues;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the API's views of stored rollouts, links included. */
@Component
class RolloutViews {

    static final String BASE = "/api/v1/rollouts";

    private final String temporalUi;
    private final String namespace;
    private final Clock clock;
    private final ObjectProvider<AnalysisStore> analysis;

    RolloutViews(TemporalProperties temporal, Optional<Clock> clock, ObjectProvider<AnalysisStore> analysis) {
        this.clock = clock.orElse(Clock.systemUTC());
        this.analysis = analysis;
        String ui = temporal.uiUrl();
        this.temporalUi = ui == null || ui.isBlank() ? null : ui.replaceAll("/+$", "");
        this.namespace = temporal.namespace();
    }

    static String self(String id) {
        return BASE + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    RolloutView.Links links(String id) {
        String ui = temporalUi == null ? null : temporalUi + "/namespaces/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
                + "/workflows/" + URLEncoder.encode(TaskQueues.workflowId(id), StandardCharsets.UTF_8);
        return new RolloutView.Links(self(id), ui);
    }

    RolloutView view(RolloutDetails r) {
        Instant now = clock.instant();
        Integer waiting = waitingForApproval(r);
        Map<Integer, List<RolloutView.MeasurementView>> measurements = measurementsByWave(r);
        var baseline = r.baseline() == null ? null : new RolloutView.Baseline(r.baseline().previousImage(),
                r.baseline().previousUpgradePolicy(), r.baseline().targetImage());
        return new RolloutView(r.id(), r.state(), r.stateReason(), target(r.target()), r.imageChange(),
                PlanMapper.toRequest(r.plan()), r.submittedBy(), r.createdAt(), r.updatedAt(), baseline,
                r.currentWave(), r.wavesTotal(), waiting,
                waves(r, now, measurements), r.skippedInstanceIds(),
                r.approvals().stream().map(a -> new RolloutView.ApprovalView(a.waveIndex(), a.approver(), a.comment(),
                        a.approvedAt(), WaveNumbers.number(a.waveIndex()))).toList(),
                r.events().stream().map(e -> new RolloutView.EventView(e.seq(), e.at(), e.type(), e.actor(), e.message(),
                        e.wave(), WaveNumbers.number(e.wave()))).toList(),
                links(r.id()), r.nextWindowStart(), WaveNumbers.number(r.currentWave()), WaveNumbers.number(waiting),
                RolloutTimes.of(r, now), measurements.getOrDefault(Measurement.BAKE_WAVE_INDEX, List.of()));
    }

    /** A list line; {@code details} (read for rollouts that have not ended) give it an estimate of the time left. */
    RolloutSummaryView summary(RolloutSummary s, RolloutDetails details) {
        RolloutView.Timing timing = details != null ? RolloutTimes.of(details, clock.instant())
                : s.state().isTerminal() ? RolloutTimes.ended(s.createdAt(), s.updatedAt()) : null;
        return new RolloutSummaryView(s.id(), target(s.target()), s.state(), s.stateReason(), s.imageChange(),
                s.submittedBy(), s.wavesCompleted(), s.wavesTotal(), s.instancesUpgraded(), s.instancesTotal(),
                s.waitingForApprovalWave(), s.createdAt(), s.updatedAt(), links(s.id()),
                WaveNumbers.number(s.waitingForApprovalWave()), timing);
    }

    /** The wave that waits for approval while the rollout does; null otherwise. */
    static Integer waitingForApproval(RolloutDetails r) {
        if (r.state() != RolloutState.WAITING_FOR_APPROVAL) {
            return null;
        }
        return r.waves().stream().filter(w -> w.state() == WaveState.WAITING_FOR_APPROVAL)
                .map(WaveDetails::index).findFirst().orElse(null);
    }

    static RolloutRequest.Target target(ScaleSetRef ref) {
        return new RolloutRequest.Target(ref.subscriptionId(), ref.resourceGroup(), ref.name());
    }

    /**
     * Only a plan with an analysis has measurements (its waves', and its release's bake samples, which take the
     * release's analysis): a read of any other rollout saves the query.
     */
    private Map<Integer, List<RolloutView.MeasurementView>> measurementsByWave(RolloutDetails r) {
        AnalysisStore store = analysis.getIfAvailable();
        return store == null || r.waves().isEmpty() || r.plan() == null || r.plan().analysis() == null ? Map.of()
                : store.measurements(r.id()).stream().collect(Collectors.groupingBy(Measurement::waveIndex,
                        Collectors.mapping(RolloutViews::measurement, Collectors.toList())));
    }

    private List<RolloutView.WaveView> waves(RolloutDetails r, Instant now,
                                             Map<Integer, List<RolloutView.MeasurementView>> byWave) {
        return r.waves().stream().map(w -> wave(w, now, byWave.getOrDefault(w.index(), List.of()))).toList();
    }

    private static RolloutView.MeasurementView measurement(Measurement m) {
        return new RolloutView.MeasurementView(m.analysisStartedAt(), m.sample(), m.check(), m.provider(), m.query(),
                m.from(), m.to(), m.instanceValues(), m.value(), m.baseline(), m.condition(), m.verdict(), m.reason(),
                m.measuredAt());
    }

    private static RolloutView.WaveView wave(WaveDetails w, Instant now, List<RolloutView.MeasurementView> measurements) {
        return new RolloutView.WaveView(w.index(), w.label(), w.state(), w.startedAt(), w.completedAt(),
                w.instances().stream().map(i -> new RolloutView.InstanceView(i.instanceId(), i.state(), i.problem())).toList(),
                WaveNumbers.number(w.index()), RolloutTimes.waveElapsedSeconds(w, now), measurements);
    }
}
