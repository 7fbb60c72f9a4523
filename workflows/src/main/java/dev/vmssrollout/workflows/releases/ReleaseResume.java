package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleaseScaleSetStatus;
import dev.vmssrollout.model.release.StageStatus;
import dev.vmssrollout.model.schedule.WindowOverride;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a release whose workflow was lost (Temporal lost its state) stood, as PostgreSQL recorded it: the reconciler
 * starts a new run from it. The new run never starts a second rollout for a scale set that has one: it waits for
 * the stored rollout to end (the reconciler restarts that rollout's own workflow) and takes its outcome.
 *
 * @param stage     the stage the release worked on, baked after or waited before (0 before the first)
 * @param state     the release's recorded state
 * @param reason    its recorded reason
 * @param scaleSets the scale sets the release had started rollouts for, in stage and listed order
 * @param windowOverride the emergency override of its windows it had recorded, or null
 */
public record ReleaseResume(int stage, RolloutState state, String reason, List<Linked> scaleSets,
                            WindowOverride windowOverride) {

    /** A scale set with its latest upgrade rollout and, after a rollback reached it, its rollback rollout. */
    public record Linked(int stage, int position, String rolloutId, String rollbackRolloutId) {
    }

    public ReleaseResume {
        scaleSets = List.copyOf(scaleSets);
    }

    public ReleaseResume(int stage, RolloutState state, String reason, List<Linked> scaleSets) {
        this(stage, state, reason, scaleSets, null);
    }

    public static ReleaseResume of(ReleaseDetails release) {
        List<Linked> linked = new ArrayList<>();
        for (int s = 0; s < release.stages().size(); s++) {
            StageStatus stage = release.stages().get(s);
            for (ReleaseScaleSetStatus scaleSet : stage.scaleSets()) {
                if (scaleSet.rolloutId() != null || scaleSet.rollbackRolloutId() != null) {
                    linked.add(new Linked(s, scaleSet.position(), scaleSet.rolloutId(), scaleSet.rollbackRolloutId()));
                }
            }
        }
        return new ReleaseResume(release.currentStage() == null ? 0 : release.currentStage(), release.state(),
                release.stateReason(), linked, release.windowOverride());
    }

    /** Whether the release had passed stage {@code s}'s approval gate: it started a rollout there, or ran the stage. */
    boolean gatePassed(int s) {
        if (scaleSets.stream().anyMatch(linked -> linked.stage() == s && linked.rolloutId() != null)) {
            return true;
        }
        return s == stage && (state == RolloutState.RUNNING || state == RolloutState.PAUSED);
    }
}
