package dev.vmssrollout.model.release;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutPlan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a release was asked to do: the stages in order, and the rollout plan every scale set gets ({@code rollout},
 * whose target is null: each scale set is its own target; it carries the release's image change). A stage may
 * override some of the rollout plan's fields. {@code allowPairedRegionsInStage}: the plan knowingly puts both
 * regions of an Azure region pair in one stage, which is refused otherwise.
 */
public record ReleasePlan(RolloutPlan rollout, List<ReleaseStage> stages, boolean allowPairedRegionsInStage) {

    public ReleasePlan {
        stages = stages == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(stages));
    }

    /**
     * The rollout plan of one scale set of a stage: the release's, with the stage's overrides and this target. Its
     * onFailure is always ABORT: the release itself stops the line and lets an operator resume, retry or roll back.
     */
    public RolloutPlan rolloutFor(ReleaseStage stage, ReleaseScaleSet scaleSet) {
        RolloutPlan plan = stage.overrides().applyTo(rollout);
        return new RolloutPlan(scaleSet.ref(), plan.image(), plan.strategy(), plan.approval(), plan.health(),
                FailurePolicy.ABORT, plan.allowPolicySwitch(), plan.schedule(), plan.analysis()).withDefaults();
    }

    /** Every scale set of the release, stage by stage. */
    public int scaleSetCount() {
        return stages.stream().mapToInt(stage -> stage == null ? 0 : stage.scaleSets().size()).sum();
    }

    /** The rollout plan's defaults, except that a release's rollouts abort on failure: the release stops the line. */
    public ReleasePlan withDefaults() {
        if (rollout == null) {
            return this;
        }
        RolloutPlan filled = rollout.withDefaults();
        return new ReleasePlan(new RolloutPlan(filled.target(), filled.image(), filled.strategy(), filled.approval(),
                filled.health(), rollout.onFailure() == null ? FailurePolicy.ABORT : rollout.onFailure(),
                filled.allowPolicySwitch(), filled.schedule(), filled.analysis()), stages, allowPairedRegionsInStage);
    }
}
