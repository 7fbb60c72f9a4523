package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.failure.ActivityFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        if (!WorkflowChanges.applies(WorkflowChanges.POLICY_SYNC)) {
            restorePolicyAsBefore(previous);
            return;
        }
        List<Instance> offImage = instances.stream()
                .filter(i -> i.image() == null || !i.image().fulfils(data.modelImage)).toList();
        if (!offImage.isEmpty()) {
            // Azure would upgrade all of them at once: the downtime the rollout exists to prevent.
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous, offImage.size() + " of " + instances.size()
                    + " instances (" + ids(offImage) + ") do not run the model's image " + data.modelImage + ", and "
                    + previous + " would make Azure upgrade them all at once. Bring the scale set to one image (roll "
                    + "back or run a new rollout); once every instance runs it and is on the latest model, set the "
                    + "upgrade policy to " + previous));
            return;
        }
        List<Instance> outdated = instances.stream().filter(i -> !i.latestModelApplied()).toList();
        String problem = outdated.isEmpty() ? null : bringOntoLatestModel(outdated);
        if (problem != null) {
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous, ids(outdated) + " run the model's image "
                    + data.modelImage + " but Azure does not count them on its latest model, and " + previous
                    + " would upgrade them all at once; bringing them onto it one update domain at a time failed ("
                    + problem + "). Upgrade them (manualupgrade, one update domain at a time) until every instance "
                    + "is on the latest model, then set the upgrade policy to " + previous));
            return;
        }
        setPolicy(previous, outdated.isEmpty() ? null : "; first brought " + ids(outdated)
                + ", already on the model's image, onto its latest model one update domain at a time");
    }

    /**
     * Instances that run the model's image while Azure counts them off its latest model (skipped
     * because they already ran the target, or never left the previous image in a rollback) would be
     * upgraded all at once by Automatic: upgrade them one update domain at a time first. The
     * problem, or null when all are on the latest model and healthy.
     */
    private String bringOntoLatestModel(List<Instance> outdated) {
        Map<Integer, List<String>> byDomain = new TreeMap<>();
        outdated.forEach(i -> byDomain.computeIfAbsent(i.updateDomain(), d -> new ArrayList<>()).add(i.instanceId()));
        WaveUpgrade upgrade = new WaveUpgrade(data, azure);
        for (List<String> domain : byDomain.values()) {
            WaveUpgrade.Result result = upgrade.run(domain, () -> { });
            if (!result.healthy()) {
                return ScaleSetCensus.instances(domain) + ": " + result.problem();
            }
        }
        return null;
    }

    private static String ids(List<Instance> list) {
        return ScaleSetCensus.instances(list.stream().map(Instance::instanceId).toList());
    }

    private void restorePolicyAsBefore(String previous) {
        long behind = ScaleSetCensus.notOnModel(instances, data.modelImage);
        if (behind > 0) {
            // Azure would upgrade all of them at once: the downtime the rollout exists to prevent.
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous, behind + " of " + instances.size()
                    + " instances do not run the model's image " + data.modelImage + ", and " + previous
                    + " would make Azure upgrade them all at once. Bring the scale set to one image (roll back or "
                    + "run a new rollout), then set the upgrade policy to " + previous));
            return;
        }
        setPolicy(previous, null);
    }

    private void setPolicy(String previous, String detail) {
        try {
            azure.setUpgradePolicy(data.target(), previous);
            data.policySwitched = false;
            events.record(Change.withDetail(detail, EventType.POLICY_RESTORED, previous));
        } catch (ActivityFailure failure) {
            events.record(Change.of(EventType.POLICY_NOT_RESTORED, previous,
                    "Azure refused the change (" + Failures.describe(failure) + "); set it back by hand"));
        }
    }

    private Change terminalEvent(Outcome outcome) {
        RolloutState state = outcome.state();
        return switch (state) {
            case SUCCEEDED -> Change.withDetail(outcome.reason(), EventType.SUCCEEDED, outcome.instances()).rollout(state);
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
