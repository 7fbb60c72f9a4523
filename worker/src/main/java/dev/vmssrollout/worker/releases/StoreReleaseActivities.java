package dev.vmssrollout.worker.releases;

import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.release.RestorePlans;
import dev.vmssrollout.model.store.ActiveRolloutExistsException;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.releases.ReleaseActivities;
import dev.vmssrollout.workflows.releases.RolloutStart;
import dev.vmssrollout.workflows.releases.StoredRollout;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The release workflow's writes: its state, and the rollouts it starts, stored as the API stores a submitted
 * rollout (a row, then a claim token for the workflow run) and linked to the release.
 */
public final class StoreReleaseActivities implements ReleaseActivities {

    private final ReleaseStore releases;
    private final RolloutStore rollouts;
    private final Clock clock;

    public StoreReleaseActivities(ReleaseStore releases, RolloutStore rollouts, Clock clock) {
        this.releases = releases;
        this.rollouts = rollouts;
        this.clock = clock;
    }

    @Override
    public void recordReleaseState(String releaseId, RolloutState state, String reason, Integer currentStage) {
        releases.recordState(releaseId, state, reason, currentStage);
    }

    @Override
    public RolloutStart.Answer startRollout(RolloutStart request) {
        RolloutPlan plan = request.plan();
        boolean restore = !request.restoreOf().isEmpty();
        if (restore) {
            Optional<RolloutDetails> changed = firstThatChangedTheModel(request);
            if (changed.isEmpty()) {
                return RolloutStart.Answer.noChange();
            }
            var baseline = changed.get().baseline();
            try {
                plan = RestorePlans.restoring(plan, baseline.previousImage(), baseline.targetImage());
            } catch (PlanRejectedException e) {
                return RolloutStart.Answer.refused(e.getMessage());
            }
        }
        try {
            // Idempotent by rollout ID: a retried activity finds the row it stored the first time.
            rollouts.create(new NewRollout(request.rolloutId(), plan, request.submittedBy(), null, clock.instant()));
        } catch (ActiveRolloutExistsException e) {
            return RolloutStart.Answer.refused("scale set " + plan.target() + " has rollout " + e.activeRolloutId()
                    + " in progress, not started by this release");
        }
        if (restore) {
            releases.linkRollback(request.releaseId(), request.stage(), request.position(), request.rolloutId());
        } else {
            releases.linkRollout(request.releaseId(), request.stage(), request.position(), request.rolloutId());
        }
        RolloutInput input = new RolloutInput(request.rolloutId(), plan, request.submittedBy(), request.fourEyes(),
                request.searchAttributes(), null);
        return RolloutStart.Answer.start(input.withClaimToken(rollouts.issueClaimToken(request.rolloutId())));
    }

    @Override
    public StoredRollout.Batch rolloutStates(List<String> rolloutIds) {
        return new StoredRollout.Batch(rolloutIds.stream()
                .map(id -> rollouts.find(id)
                        .map(rollout -> new StoredRollout(id, rollout.state(), rollout.stateReason()))
                        .orElse(new StoredRollout(id, null, null)))
                .toList());
    }

    /** The first rollout that recorded a baseline ran preflight and may have changed the model; later ones saw its image. */
    private Optional<RolloutDetails> firstThatChangedTheModel(RolloutStart request) {
        for (String rolloutId : request.restoreOf()) {
            Optional<RolloutDetails> rollout = rollouts.find(rolloutId);
            if (rollout.isPresent() && rollout.get().baseline() != null) {
                return rollout;
            }
        }
        return Optional.empty();
    }
}
