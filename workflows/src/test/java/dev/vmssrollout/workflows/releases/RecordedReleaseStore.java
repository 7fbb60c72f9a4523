package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.RolloutInput;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The release activities in memory: the states the release recorded, in order, and rollouts "stored". */
final class RecordedReleaseStore implements ReleaseActivities {

    record StateRecord(RolloutState state, String reason, Integer stage) {
    }

    final List<StateRecord> states = new CopyOnWriteArrayList<>();

    @Override
    public void recordReleaseState(String releaseId, RolloutState state, String reason, Integer currentStage) {
        states.add(new StateRecord(state, reason, currentStage));
    }

    @Override
    public RolloutStart.Answer startRollout(RolloutStart request) {
        return RolloutStart.Answer.start(new RolloutInput(request.rolloutId(), request.plan(), request.submittedBy(),
                request.fourEyes(), false, null));
    }

    RolloutState last() {
        return states.isEmpty() ? null : states.get(states.size() - 1).state();
    }

    String lastReason() {
        return states.isEmpty() ? null : states.get(states.size() - 1).reason();
    }
}
