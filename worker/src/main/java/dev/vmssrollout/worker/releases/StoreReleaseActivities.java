package dev.vmssrollout.worker.releases;

import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.release.RestorePlans;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.ActiveRolloutExistsException;
import dev.vmssrollout.model.store.Created;
import dev.vmssrollout.model.store.IdempotencyKeyReusedException;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.releases.ReleaseActivities;
import dev.vmssrollout.workflows.releases.RolloutStart;
import dev.vmssrollout.workflows.releases.StoredRollout;

import io.temporal.client.WorkflowClient;

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
    private final RolloutOverrides overrides;
    private final Clock clock;

    /** @param temporal where the release's rollouts run, for the Updates that give them the release's override */
    public StoreReleaseActivities(ReleaseStore releases, RolloutStore rollouts, WorkflowClient temporal, Clock clock) {
        this.releases = releases;
        this.rollouts = rollouts;
        this.overrides = new RolloutOverrides(rollouts, temporal);
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
        Created created;
        try {
            // Idempotent by rollout ID (a retried activity finds the row it stored the first time) and by the
            // attempt's key (a new run of the release, after Temporal lost the one that stored it, finds it too).
            created = rollouts.create(new NewRollout(request.rolloutId(), plan, request.submittedBy(),
                    attemptKey(request, restore), clock.instant()));
        } catch (ActiveRolloutExistsException e) {
            return RolloutStart.Answer.refused("scale set " + plan.target() + " has rollout " + e.activeRolloutId()
                    + " in progress, not started by this release");
        } catch (IdempotencyKeyReusedException e) {
            return RolloutStart.Answer.refused("rollout " + e.existingRolloutId() + " was stored for this scale set "
                    + "by an earlier run of the release with another plan");
        }
        String storedId = created.rollout().id();
        link(request, restore, storedId);
        if (!storedId.equals(request.rolloutId())) {
            return RolloutStart.Answer.storedEarlier(storedId);
        }
        RolloutInput input = new RolloutInput(request.rolloutId(), plan, request.submittedBy(), request.fourEyes(),
                request.searchAttributes(), null);
        return RolloutStart.Answer.start(input.withClaimToken(rollouts.issueClaimToken(request.rolloutId())));
    }

    private void link(RolloutStart request, boolean restore, String rolloutId) {
        if (restore) {
            releases.linkRollback(request.releaseId(), request.stage(), request.position(), rolloutId);
        } else {
            releases.linkRollout(request.releaseId(), request.stage(), request.position(), rolloutId);
        }
    }

    /**
     * Names this attempt at the scale set: the release, its place in it, and the rollout linked there before (none,
     * or the failed one a retry replaces). Storing the row and linking it are two writes; if the worker and Temporal
     * are lost between them, the new run asks again with a new rollout ID but the same key, and gets the stored row.
     */
    private String attemptKey(RolloutStart request, boolean restore) {
        String linked = releases.linkedRollout(request.releaseId(), request.stage(), request.position(), restore)
                .orElse("none");
        return "release " + request.releaseId() + " stage " + request.stage() + " position " + request.position()
                + (restore ? " restore" : " upgrade") + " after " + linked;
    }

    @Override
    public void recordReleaseOverride(String releaseId, WindowOverride override) {
        releases.recordOverride(releaseId, override);
    }

    @Override
    public String overrideRollout(String releaseId, String rolloutId, WindowOverride override) {
        return overrides.apply(releaseId, rolloutId, override);
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
