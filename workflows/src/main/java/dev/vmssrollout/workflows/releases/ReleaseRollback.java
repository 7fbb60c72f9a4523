package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Puts the previous image back on every scale set the release started a rollout on, one at a time, newest first
 * (the reverse of the order they were started), each with a new rollout of its own.
 */
final class ReleaseRollback {

    private final ReleaseData data;
    private final ChildRollouts children;

    ReleaseRollback(ReleaseData data, ChildRollouts children) {
        this.data = data;
        this.children = children;
    }

    /** @return why the rollback could not finish, or null when every changed scale set was restored */
    String run() {
        List<ReleaseData.ScaleSet> newestFirst = new ArrayList<>(data.startOrder);
        Collections.reverse(newestFirst);
        for (ReleaseData.ScaleSet scaleSet : newestFirst) {
            var stage = data.plan.stages().get(scaleSet.stage);
            var plan = data.plan.rolloutFor(stage, stage.scaleSets().get(scaleSet.position));
            ChildRollouts.Started started;
            if (scaleSet.reattachRollbackTo != null) {
                // The rollback reached it before the release's workflow was lost: follow that rollout.
                started = children.reattach(scaleSet.reattachRollbackTo);
                scaleSet.reattachRollbackTo = null;
            } else {
                started = children.restore(scaleSet.stage, scaleSet.position, plan, scaleSet.rolloutIds);
            }
            scaleSet.rollbackRolloutId = started.rolloutId();
            ChildRollouts.Outcome outcome = started.outcome().get();
            if (outcome.nothingToRestore()) {
                continue;
            }
            scaleSet.rollbackState = outcome.state();
            if (outcome.state() != RolloutState.SUCCEEDED) {
                Workflow.getLogger(ReleaseRollback.class).warn("release {}: rollback of {} ended {}: {}",
                        data.input.releaseId(), plan.target(), outcome.state(), outcome.reason());
                // Stop rather than go on: an operator should see the scale set that would not go back first.
                return "rollback of " + plan.target() + " ended " + outcome.state() + ": " + outcome.reason();
            }
        }
        return null;
    }
}
