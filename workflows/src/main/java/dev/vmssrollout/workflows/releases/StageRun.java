package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.release.ReleaseStage;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stage's scale sets, at most maxConcurrent rollouts at once, in the order listed. Stops the line: after a
 * failure (or an abort or rollback request) it starts nothing new, lets the running rollouts end, and returns the
 * failures; scale sets not started yet stay queued for {@link #run} to pick up after the operator's decision.
 */
final class StageRun {

    private final int index;
    private final ReleaseStage stage;
    private final ReleaseData data;
    private final ChildRollouts children;
    private final Deque<Integer> queued = new ArrayDeque<>();
    private final List<Integer> failed = new ArrayList<>();

    StageRun(int index, ReleaseData data, ChildRollouts children) {
        this.index = index;
        this.stage = data.plan.stages().get(index);
        this.data = data;
        this.children = children;
        for (int p = 0; p < stage.scaleSets().size(); p++) {
            queued.add(p);
        }
    }

    /** @return the positions whose rollout failed in this call; empty when every started one succeeded */
    List<Integer> run() {
        failed.clear();
        Map<Integer, Promise<ChildRollouts.Outcome>> running = new LinkedHashMap<>();
        while (!queued.isEmpty() || !running.isEmpty()) {
            while (failed.isEmpty() && running.size() < stage.maxConcurrent() && !queued.isEmpty()) {
                ReleaseGuard.awaitChecks(data);
                if (data.stopRequested()) {
                    break;
                }
                int position = queued.poll();
                running.put(position, start(position));
            }
            if (running.isEmpty()) {
                break; // the line stopped with scale sets still queued
            }
            Promise.anyOf(running.values()).get();
            for (var entry : List.copyOf(running.entrySet())) {
                if (entry.getValue().isCompleted()) {
                    running.remove(entry.getKey());
                    finished(entry.getKey(), entry.getValue().get());
                }
            }
        }
        return List.copyOf(failed);
    }

    /** Puts the failed scale sets first in the queue, for a retry with new rollouts. */
    void requeue(List<Integer> positions) {
        for (int i = positions.size() - 1; i >= 0; i--) {
            queued.addFirst(positions.get(i));
        }
    }

    boolean done() {
        return queued.isEmpty();
    }

    private Promise<ChildRollouts.Outcome> start(int position) {
        ReleaseData.ScaleSet scaleSet = data.scaleSet(index, position);
        scaleSet.state = null;
        scaleSet.reason = null;
        if (scaleSet.reattachTo != null) {
            // Started before the release's workflow was lost: follow it, never upgrade the scale set a second time.
            String rolloutId = scaleSet.reattachTo;
            scaleSet.reattachTo = null;
            return children.reattach(rolloutId).outcome();
        }
        ChildRollouts.Started started = children.upgrade(index, position,
                data.plan.rolloutFor(stage, stage.scaleSets().get(position)));
        if (started.rolloutId() != null) {
            if (scaleSet.rolloutIds.isEmpty()) {
                data.startOrder.add(scaleSet);
            }
            scaleSet.rolloutIds.add(started.rolloutId());
        }
        return started.outcome();
    }

    private void finished(int position, ChildRollouts.Outcome outcome) {
        ReleaseData.ScaleSet scaleSet = data.scaleSet(index, position);
        scaleSet.state = outcome.state();
        scaleSet.reason = outcome.reason();
        if (!outcome.succeeded()) {
            Workflow.getLogger(StageRun.class).info("release {}: scale set {} of stage {} ended {}: {}",
                    data.input.releaseId(), position, stage.name(), outcome.state(), outcome.reason());
            failed.add(position);
        }
    }
}
