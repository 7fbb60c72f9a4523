package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.workflows.OperatorCommand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** All of a release workflow's state, in one place; handlers only leave requests here for the main flow. */
final class ReleaseData {

    /** Mutable view of one scale set; {@link #toProgress} copies it out. */
    static final class ScaleSet {
        final int stage;
        final int position;
        final List<String> rolloutIds = new ArrayList<>();
        RolloutState state;
        String reason;
        String rollbackRolloutId;
        RolloutState rollbackState;
        // Recovered release: the stored rollout to follow instead of starting one (taken once).
        String reattachTo;
        String reattachRollbackTo;

        ScaleSet(int stage, int position) {
            this.stage = stage;
            this.position = position;
        }
    }

    final ReleaseInput input;
    final ReleasePlan plan;
    // Insertion order: stage by stage, position by position.
    final Map<String, ScaleSet> scaleSets = new LinkedHashMap<>();
    // The scale sets in the order their first rollout started: rollback goes through it backwards.
    final List<ScaleSet> startOrder = new ArrayList<>();
    final Set<Integer> approvedStages = new HashSet<>();
    RolloutState state = RolloutState.PENDING;
    String reason;
    Integer currentStage;
    Instant bakingUntil;
    ReleaseDecision decision;
    OperatorCommand decidedBy;
    /** Approvals and actions whose channel is being checked (an activity): no rollout starts before their verdicts. */
    int checksInFlight;
    /** The emergency override of the plan's windows, asked for and perhaps approved; null without one. */
    WindowOverride windowOverride;

    ReleaseData(ReleaseInput input) {
        this.input = input;
        this.plan = input.plan();
        for (int s = 0; s < plan.stages().size(); s++) {
            for (int p = 0; p < plan.stages().get(s).scaleSets().size(); p++) {
                scaleSets.put(key(s, p), new ScaleSet(s, p));
            }
        }
        if (input.resume() != null) {
            windowOverride = input.resume().windowOverride();
            // Stage and listed order: the order a stage starts its scale sets in (a retry aside).
            for (ReleaseResume.Linked linked : input.resume().scaleSets()) {
                ScaleSet scaleSet = scaleSet(linked.stage(), linked.position());
                if (scaleSet == null) {
                    continue;
                }
                if (linked.rolloutId() != null) {
                    scaleSet.rolloutIds.add(linked.rolloutId());
                    scaleSet.reattachTo = linked.rolloutId();
                    startOrder.add(scaleSet);
                }
                scaleSet.rollbackRolloutId = linked.rollbackRolloutId();
                scaleSet.reattachRollbackTo = linked.rollbackRolloutId();
            }
        }
    }

    ScaleSet scaleSet(int stage, int position) {
        return scaleSets.get(key(stage, position));
    }

    boolean overrideApproved() {
        return windowOverride != null && windowOverride.approved();
    }

    /** The rollouts the release started that have not ended (as far as it knows): their latest, and rollback ones. */
    List<String> runningRollouts() {
        List<String> running = new ArrayList<>();
        for (ScaleSet scaleSet : scaleSets.values()) {
            if (!scaleSet.rolloutIds.isEmpty() && scaleSet.state == null) {
                running.add(scaleSet.rolloutIds.get(scaleSet.rolloutIds.size() - 1));
            }
            if (scaleSet.rollbackRolloutId != null && scaleSet.rollbackState == null) {
                running.add(scaleSet.rollbackRolloutId);
            }
        }
        return running;
    }

    /** Abort and rollback end the release wherever it is; resume and retry only answer a pause. */
    boolean stopRequested() {
        return decision == ReleaseDecision.ABORT || decision == ReleaseDecision.ROLLBACK;
    }

    ReleaseProgress toProgress() {
        return new ReleaseProgress(input.releaseId(), state, reason, currentStage, bakingUntil,
                scaleSets.values().stream().map(s -> new ScaleSetProgress(s.stage, s.position, s.rolloutIds, s.state,
                        s.reason, s.rollbackRolloutId, s.rollbackState)).toList());
    }

    private static String key(int stage, int position) {
        return stage + "/" + position;
    }
}
