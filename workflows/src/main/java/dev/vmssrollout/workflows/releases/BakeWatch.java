package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.BakeHealth;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
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
 * health policy. A scale set that cannot be read is a problem too: its health is not proven. Scale sets an operator
 * resumed over are no longer checked in this bake.
 */
final class BakeWatch {

    /** Workflow.getVersion change ID: releases that baked before the checks existed replay with a plain timer. */
    static final String CHANGE_ID = "bake-health";
    static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    private final int index;
    private final ReleaseStage stage;
    private final ReleaseData data;
    private final ScaleSetActivities azure;
    private final Set<Integer> accepted = new HashSet<>();
    private final Set<Integer> lastFound = new HashSet<>();

    BakeWatch(int index, ReleaseData data, ScaleSetActivities azure) {
        this.index = index;
        this.stage = data.plan.stages().get(index);
        this.data = data;
        this.azure = azure;
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
        lastFound.clear();
        StringBuilder found = new StringBuilder();
        reads.forEach((position, read) -> {
            String problem = problemOf(position, read);
            if (problem != null) {
                lastFound.add(position);
                found.append(found.isEmpty() ? "" : "; ").append(stage.scaleSets().get(position).scaleSet())
                        .append(": ").append(problem);
            }
        });
        return found.isEmpty() ? null : found.toString();
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
