package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.failure.ActivityFailure;

import java.util.List;

/** The end of every rollout: the upgrade policy restored when that is safe, then the terminal event. */
final class Completion {

    private final RolloutData data;
    private final EventLog events;
    private final ScaleSetActivities azure;
    private List<Instance> instances;
    private String listProblem;

    Completion(RolloutData data, EventLog events, ScaleSetActivities azure) {
        this.data = data;
        this.events = events;
        this.azure = azure;
    }

    void complete(Outcome outcome) {
        if (outcome.state() == RolloutState.CANCELLED || data.policySwitched) {
            listInstances();
        }
        if (data.policySwitched) {
            restorePolicy();
        }
        events.record(terminalEvent(outcome));
    }

    private void listInstances() {
        try {
            instances = azure.listInstances(data.target());
        } catch (ActivityFailure failure) {
            listProblem = Failures.describe(failure);
        }
    }

    private void restorePolicy() {
        String previous = data.baseline.previousUpgradePolicy();
        if (instances == null) {
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous,
                    "could not list the instances to check it is safe (" + listProblem + "); set it back by hand "
                            + "once every instance runs the model's image"));
            return;
        }
        long behind = ScaleSetCensus.notOnModel(instances, data.modelImage);
        if (behind > 0) {
            // Azure would upgrade all of them at once: the downtime the rollout exists to prevent.
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous, behind + " of " + instances.size()
                    + " instances do not run the model's image " + data.modelImage + ", and " + previous
                    + " would make Azure upgrade them all at once. Bring the scale set to one image (roll back or "
                    + "run a new rollout), then set the upgrade policy to " + previous));
            return;
        }
        try {
            azure.setUpgradePolicy(data.target(), previous);
            data.policySwitched = false;
            events.record(Change.of(EventType.POLICY_RESTORED, previous));
        } catch (ActivityFailure failure) {
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous,
                    "Azure refused the change (" + Failures.describe(failure) + "); set it back by hand"));
        }
    }

    private Change terminalEvent(Outcome outcome) {
        RolloutState state = outcome.state();
        return switch (state) {
            case SUCCEEDED -> Change.of(EventType.SUCCEEDED, outcome.instances()).rollout(state);
            case FAILED -> Change.of(EventType.FAILED, outcome.reason()).rollout(state, outcome.reason());
            case ROLLED_BACK -> Change.of(EventType.ROLLED_BACK, outcome.instances(), outcome.image()).rollout(state);
            case CANCELLED -> cancelled(outcome);
            default -> throw new IllegalArgumentException("not a terminal state: " + state);
        };
    }

    private Change cancelled(Outcome outcome) {
        String scaleSet = instances != null ? ScaleSetCensus.describe(instances, data.modelImage)
                : "could not list the instances (" + listProblem + ")";
        String reason = outcome.reason() + ": " + scaleSet;
        Change change = Change.of(EventType.CANCELLED, reason).by(outcome.actor()).rollout(RolloutState.CANCELLED, reason);
        Integer next = data.currentWave;
        if (next != null && next < data.waveCount() && !data.startedWaves.contains(next)) {
            change.wave(next, WaveState.CANCELLED);
        }
        return change;
    }
}
