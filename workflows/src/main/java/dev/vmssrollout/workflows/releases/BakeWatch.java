package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.release.BakeHealth;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.workflows.AnalysisActivities;
import dev.vmssrollout.workflows.AnalysisActivities.SampleRequest;
import dev.vmssrollout.workflows.AnalysisActivities.SampleResult;
import dev.vmssrollout.workflows.Failures;
import dev.vmssrollout.workflows.ScaleSetActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stage's bake watches: every scale set the stage upgraded is read (one VM list each) every
 * {@link #CHECK_EVERY} and once more when the bake ends, and judged by {@link BakeHealth} against its rollout's
 * health policy. A scale set that cannot be read is a problem too: its health is not proven. When its rollout plan
 * has a metric analysis, each check of a healthy scale set also takes one sample of it ({@link Analysis#forBake}),
 * kept as evidence under the scale set's rollout with wave index {@link Measurement#BAKE_WAVE_INDEX}: a FAIL is a
 * problem, and so is an INCONCLUSIVE one unless the analysis lets those pass. Scale sets an operator resumed over are
 * no longer checked in this bake.
 */
final class BakeWatch {

    /** Workflow.getVersion change ID: releases that baked before the checks existed replay with a plain timer. */
    static final String CHANGE_ID = "bake-health";
    static final Duration CHECK_EVERY = Duration.ofMinutes(1);
    /** Workflow.getVersion change ID: releases that baked before the bake took analysis samples replay without. */
    static final String ANALYSIS_CHANGE_ID = "bake-analysis";

    private final int index;
    private final ReleaseStage stage;
    private final ReleaseData data;
    private final ScaleSetActivities azure;
    private final AnalysisActivities analysis;
    private final Instant started;
    private int checks;
    private Boolean analysing;
    private final Set<Integer> accepted = new HashSet<>();
    private final Set<Integer> lastFound = new HashSet<>();

    BakeWatch(int index, ReleaseData data, ScaleSetActivities azure, AnalysisActivities analysis) {
        this.index = index;
        this.stage = data.plan.stages().get(index);
        this.data = data;
        this.azure = azure;
        this.analysis = analysis;
        this.started = now();
    }

    /**
     * Waits until {@code until}, checking on the way.
     *
     * @return what the first check that found a problem found; null when the bake ended with every scale set healthy,
     *         or when an abort or rollback was asked for
     */
    String watchUntil(Instant until) {
        while (true) {
            Duration left = Duration.between(now(), until);
            if (!left.isNegative() && !left.isZero()) {
                Workflow.await(left.compareTo(CHECK_EVERY) < 0 ? left : CHECK_EVERY, data::stopRequested);
            }
            if (data.stopRequested()) {
                return null;
            }
            String problem = check();
            if (data.stopRequested()) {
                return null;
            }
            if (problem != null || !now().isBefore(until)) {
                return problem;
            }
        }
    }

    /** The operator resumed over what the last check found: those scale sets are not checked again. */
    void acceptLastFound() {
        accepted.addAll(lastFound);
    }

    private String check() {
        checks++;
        Map<Integer, Promise<List<Instance>>> reads = new LinkedHashMap<>();
        for (int p = 0; p < stage.scaleSets().size(); p++) {
            if (data.scaleSet(index, p).state == RolloutState.SUCCEEDED && !accepted.contains(p)) {
                reads.put(p, Async.function(azure::listInstances, stage.scaleSets().get(p).ref()));
            }
        }
        Workflow.await(() -> reads.values().stream().allMatch(Promise::isCompleted) || data.stopRequested());
        if (data.stopRequested()) {
            return null;
        }
        Map<Integer, String> problems = new LinkedHashMap<>();
        Map<Integer, Promise<SampleResult>> samples = new LinkedHashMap<>();
        reads.forEach((position, read) -> {
            String problem = problemOf(position, read);
            if (problem != null) {
                problems.put(position, problem);
                return;
            }
            Analysis bake = bakeAnalysis(position);
            if (bake != null && analysing()) {
                samples.put(position, Async.function(analysis::measure, sampleOf(position, read.get(), bake)));
            }
        });
        Workflow.await(() -> samples.values().stream().allMatch(Promise::isCompleted) || data.stopRequested());
        if (data.stopRequested()) {
            return null;
        }
        samples.forEach((position, sample) -> {
            String problem = analysisProblem(position, sample);
            if (problem != null) {
                problems.put(position, problem);
            }
        });
        lastFound.clear();
        lastFound.addAll(problems.keySet());
        StringBuilder found = new StringBuilder();
        reads.keySet().stream().filter(problems::containsKey).forEach(position ->
                found.append(found.isEmpty() ? "" : "; ").append(stage.scaleSets().get(position).scaleSet())
                        .append(": ").append(problems.get(position)));
        return found.isEmpty() ? null : found.toString();
    }

    private Analysis bakeAnalysis(int position) {
        Analysis planned = data.plan.rolloutFor(stage, stage.scaleSets().get(position)).analysis();
        return planned == null ? null : planned.forBake();
    }

    /** Asked once per bake, when a scale set first has an analysis to sample; recorded in (or replayed from) history. */
    private boolean analysing() {
        if (analysing == null) {
            analysing = Workflow.getVersion(ANALYSIS_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
        }
        return analysing;
    }

    /** Every instance of the scale set is judged: the rollout upgraded them all, none is left as a baseline. */
    private SampleRequest sampleOf(int position, List<Instance> instances, Analysis bake) {
        ReleaseData.ScaleSet scaleSet = data.scaleSet(index, position);
        String rolloutId = scaleSet.rolloutIds.get(scaleSet.rolloutIds.size() - 1);
        return new SampleRequest(rolloutId, Measurement.BAKE_WAVE_INDEX, started, checks,
                stage.scaleSets().get(position).ref(), instances.stream().map(Instance::instanceId).toList(), List.of(),
                bake);
    }

    private String analysisProblem(int position, Promise<SampleResult> sample) {
        try {
            SampleResult result = sample.get();
            return bakeAnalysis(position).onInconclusive().problem(result.verdict(), result.reason());
        } catch (ActivityFailure e) {
            // Given up on (or no worker serves analysis): unknown, never a PASS.
            return "metric analysis could not measure: " + Failures.describe(e);
        }
    }

    private String problemOf(int position, Promise<List<Instance>> read) {
        ReleaseScaleSet scaleSet = stage.scaleSets().get(position);
        try {
            return BakeHealth.problem(read.get(), data.plan.rolloutFor(stage, scaleSet).health());
        } catch (ActivityFailure e) {
            return "its health could not be read: " + Failures.describe(e);
        }
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
}
