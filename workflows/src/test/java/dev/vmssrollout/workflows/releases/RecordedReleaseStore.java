package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.workflows.RolloutInput;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The release activities in memory: the states the release recorded, in order, and rollouts "stored". */
final class RecordedReleaseStore implements ReleaseActivities {

    record StateRecord(RolloutState state, String reason, Integer stage) {
    }

    final List<StateRecord> states = new CopyOnWriteArrayList<>();
    /** Rollout rows a recovered release follows, by ID; one not here has no row. */
    final Map<String, StoredRollout> rows = new ConcurrentHashMap<>();
    final List<List<String>> followed = new CopyOnWriteArrayList<>();
    /** Rollouts a lost run of the release stored (but did not link), by scale set name: found again, not started. */
    final Map<String, String> storedEarlier = new ConcurrentHashMap<>();
    /** The override as the release recorded it, each time. */
    final List<WindowOverride> overrides = new CopyOnWriteArrayList<>();
    /** The rollouts the release gave its approved override, in order. */
    final List<String> overriddenRollouts = new CopyOnWriteArrayList<>();

    @Override
    public void recordReleaseState(String releaseId, RolloutState state, String reason, Integer currentStage) {
        states.add(new StateRecord(state, reason, currentStage));
    }

    @Override
    public RolloutStart.Answer startRollout(RolloutStart request) {
        String earlier = storedEarlier.get(request.plan().target().name());
        if (earlier != null) {
            return RolloutStart.Answer.storedEarlier(earlier);
        }
        return RolloutStart.Answer.start(new RolloutInput(request.rolloutId(), request.plan(), request.submittedBy(),
                request.fourEyes(), false, null));
    }

    @Override
    public StoredRollout.Batch rolloutStates(List<String> rolloutIds) {
        followed.add(List.copyOf(rolloutIds));
        return new StoredRollout.Batch(rolloutIds.stream()
                .map(id -> rows.getOrDefault(id, new StoredRollout(id, null, null))).toList());
    }

    @Override
    public void recordReleaseOverride(String releaseId, WindowOverride override) {
        overrides.add(override);
    }

    @Override
    public String overrideRollout(String releaseId, String rolloutId, WindowOverride override) {
        overriddenRollouts.add(rolloutId);
        return "overridden (requested by " + override.requestedBy() + ", approved by " + override.approvedBy() + ")";
    }

    RolloutState last() {
        return states.isEmpty() ? null : states.get(states.size() - 1).state();
    }

    String lastReason() {
        return states.isEmpty() ? null : states.get(states.size() - 1).reason();
    }
}
