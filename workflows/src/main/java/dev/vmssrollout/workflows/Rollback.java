package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the previous image back into the model and re-upgrades every wave this rollout started,
 * last wave first, with the same health gate as the way forward. Only instances off the previous
 * image are sent: one that never left it (its upgrade failed) is not upgraded again. A wave whose
 * rollback fails does not stop the others; the rollout then pauses, and an operator may roll back
 * again (idempotent: what is back stays back) or cancel.
 */
final class Rollback {

    private final RolloutData data;
    private final EventLog events;
    private final ScaleSetActivities azure;
    private final WaveUpgrade upgrade;
    private final ModelWatch watch;

    /** How one wave's rollback went: instances back on the previous image, and the problem (null when none). */
    private record WaveBack(int returned, String problem) {
    }

    Rollback(RolloutData data, EventLog events, ScaleSetActivities azure, WaveUpgrade upgrade) {
        this.data = data;
        this.events = events;
        this.azure = azure;
        this.upgrade = upgrade;
        this.watch = new ModelWatch(data, azure);
    }

    /**
     * Carries on with a rollback whose workflow was lost. The resume point says which waves
     * completed, not which were touched after a failed wave was accepted, so the instances say it:
     * every wave with an instance off the previous image is rolled back too.
     */
    Outcome resume(String why) {
        Image previous = data.baseline.previousImage();
        try {
            for (Instance instance : azure.listInstances(data.target())) {
                if (!previous.sameAs(instance.image())) {
                    data.waveOf(instance.instanceId()).ifPresent(data.startedWaves::add);
                }
            }
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            // Cannot tell which waves were touched: put every one back (a no-op where nothing changed).
            for (int index = 0; index < data.waveCount(); index++) {
                data.startedWaves.add(index);
            }
        }
        return run(why);
    }

    Outcome run(String why) {
        if (!WorkflowChanges.applies(WorkflowChanges.ROLLBACK_CENSUS)) {
            return new RollbackBeforeCensus(data, events, azure, upgrade).run(why);
        }
        boolean checkModel = WorkflowChanges.applies(WorkflowChanges.ROLLBACK_MODEL_CHECK);
        String reason = why;
        while (true) {
            Image previous = data.baseline.previousImage();
            List<String> problems = new ArrayList<>();
            int returned = attempt(reason, problems, checkModel);
            if (problems.isEmpty()) {
                return Outcome.rolledBack(returned, previous);
            }
            Outcome decided = awaitOperator(previous, returned, problems);
            if (decided != null) {
                return decided;
            }
            reason = "retried by " + Operators.describe(data.rollbackRequest);
        }
    }

    /** One pass over the started waves, last first; returns how many instances are back, and adds each problem. */
    private int attempt(String why, List<String> problems, boolean checkModel) {
        Image previous = data.baseline.previousImage();
        started(events, previous, why);
        try {
            if (WorkflowChanges.applies(WorkflowChanges.MODEL_PATCH)) {
                // An operator asked for the previous image back: whatever the model holds now is replaced, but a
                // change made between this read and the write is not (If-Match).
                azure.patchModelImage(data.target(), null, previous, null);
            } else {
                azure.updateModelImage(data.target(), previous);
            }
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            problems.add("could not put " + previous + " back into the model: " + Failures.describe(failure));
            return 0;
        }
        data.modelImage = previous;
        int returned = 0;
        List<Integer> lastFirst = new ArrayList<>(data.startedWaves);
        Collections.reverse(lastFirst);
        for (int index : lastFirst) {
            WaveBack back = rollBack(index, previous);
            returned += back.returned();
            if (back.problem() != null) {
                problems.add("rollback of " + data.waveName(index) + " (" + data.wave(index).label() + ") failed: "
                        + back.problem());
            }
        }
        if (WorkflowChanges.applies(WorkflowChanges.ROLLBACK_ADDED_INSTANCES)) {
            returned += returnAdded(previous, problems);
        }
        if (checkModel) {
            // Someone may have changed the model while the waves went back: ROLLED_BACK only if it still holds the
            // previous image (recorded = observed).
            String drift = watch.drift();
            if (drift != null) {
                problems.add(drift);
                returned -= recordThoseNotBack(previous, drift);
            }
        }
        return returned;
    }

    /**
     * Instances a scale-out added during the rollout came up on the model of the moment, perhaps the new image; they
     * are in no wave, so the waves' rollback leaves them, and ROLLED_BACK would not be what Azure holds. Those off
     * the previous image are sent back too, with the same health gate. Returns how many are back.
     */
    private int returnAdded(Image previous, List<String> problems) {
        if (data.wavePlan == null) {
            return 0; // nothing was planned, so nothing was sent and no instance is newer than the plan
        }
        Map<String, Instance> now = watch.census();
        if (now == null) {
            problems.add("could not list the instances to find those a scale-out added during the rollout");
            return 0;
        }
        Set<String> planned = data.plannedInstanceIds();
        List<String> added = now.values().stream()
                .filter(i -> !planned.contains(i.instanceId()))
                .filter(i -> i.image() == null || !i.image().fulfils(previous))
                .map(Instance::instanceId).toList();
        if (added.isEmpty()) {
            return 0;
        }
        WaveUpgrade.Result result = upgrade.run(added, () -> { });
        if (result.healthy()) {
            return added.size();
        }
        problems.add(ScaleSetCensus.instances(added) + " added during the rollout (a scale-out) could not be returned "
                + "to " + previous + ": " + result.problem());
        return 0;
    }

    /**
     * After the model changed under the rollback, the instances it sent may run the other image: each one recorded
     * back that Azure shows on another image is recorded FAILED in a failed rollback wave. Returns how many.
     */
    private int recordThoseNotBack(Image previous, String drift) {
        Map<String, Instance> now = watch.census();
        if (now == null) {
            return 0;
        }
        int notBack = 0;
        for (int index : data.startedWaves) {
            Map<String, InstanceState> wrong = new LinkedHashMap<>();
            for (String id : data.wave(index).instanceIds()) {
                Instance instance = now.get(id);
                if (instance != null && (instance.image() == null || !instance.image().fulfils(previous))) {
                    if (data.waves.get(index).instances.get(id) == InstanceState.ROLLED_BACK) {
                        notBack++;
                    }
                    wrong.put(id, InstanceState.FAILED);
                }
            }
            if (!wrong.isEmpty()) {
                events.record(Change.of(EventType.ROLLBACK_WAVE_FAILED, index + 1, data.waveCount(), drift)
                        .wave(index, WaveState.FAILED)
                        .instances(wrong));
            }
        }
        return notBack;
    }

    static void started(EventLog events, Image previous, String why) {
        events.record(Change.withDetail(" (" + why + ")", EventType.ROLLBACK_STARTED, previous)
                .rollout(RolloutState.ROLLING_BACK, why));
    }

    private WaveBack rollBack(int index, Image previous) {
        Wave wave = data.wave(index);
        data.currentWave = index;
        Map<String, Instance> present = watch.census();
        List<String> deleted = new ArrayList<>();
        List<String> alreadyBack = new ArrayList<>();
        List<String> toSend = new ArrayList<>();
        for (String id : wave.instanceIds()) {
            Instance instance = present == null ? null : present.get(id);
            if (present != null && instance == null) {
                deleted.add(id);
            } else if (instance != null && instance.image() != null && instance.image().fulfils(previous)) {
                alreadyBack.add(id); // never left it, or rolled back by an earlier attempt: not upgraded again
            } else {
                toSend.add(id);
            }
        }
        events.record(Change.of(EventType.ROLLBACK_WAVE_STARTED, index + 1, data.waveCount(), toSend.size())
                .wave(index, WaveState.ROLLING_BACK)
                .instances(toSend, InstanceState.UPGRADING)
                .instances(deleted, InstanceState.DELETED));
        WaveUpgrade.Result result = toSend.isEmpty() ? null : upgrade.run(toSend, () -> { });
        if (result == null || result.healthy()) {
            List<String> back = new ArrayList<>(alreadyBack);
            back.addAll(toSend);
            events.record(Change.of(EventType.ROLLBACK_WAVE_COMPLETED, index + 1, data.waveCount(), back.size())
                    .wave(index, WaveState.ROLLED_BACK)
                    .instances(back, InstanceState.ROLLED_BACK));
            return new WaveBack(back.size(), null);
        }
        Map<String, InstanceState> states = afterFailure(toSend, alreadyBack, result, previous);
        events.record(Change.of(EventType.ROLLBACK_WAVE_FAILED, index + 1, data.waveCount(), result.problem())
                .wave(index, WaveState.FAILED)
                .instances(states));
        int returned = (int) states.values().stream().filter(s -> s == InstanceState.ROLLED_BACK).count();
        return new WaveBack(returned, result.problem());
    }

    /**
     * What each instance of a failed rollback wave runs now, as Azure says: back on the previous
     * image (ROLLED_BACK, or UNHEALTHY when it is back but unhealthy), or not (FAILED).
     */
    private Map<String, InstanceState> afterFailure(List<String> sent, List<String> alreadyBack,
                                                    WaveUpgrade.Result result, Image previous) {
        Map<String, InstanceState> states = new LinkedHashMap<>();
        alreadyBack.forEach(id -> states.put(id, InstanceState.ROLLED_BACK));
        Map<String, Instance> now = watch.census();
        for (String id : sent) {
            Instance instance = now == null ? null : now.get(id);
            InstanceState reported = result.instances().get(id);
            if (now != null && instance == null) {
                states.put(id, InstanceState.DELETED);
            } else if (instance == null || instance.image() == null || !instance.image().fulfils(previous)) {
                states.put(id, InstanceState.FAILED);
            } else {
                states.put(id, reported == InstanceState.UNHEALTHY ? InstanceState.UNHEALTHY : InstanceState.ROLLED_BACK);
            }
        }
        return states;
    }

    /** Null when the operator asked to roll back again; otherwise how the rollout ends. */
    private Outcome awaitOperator(Image previous, int returned, List<String> problems) {
        String reason = "rollback incomplete: " + String.join("; ", problems) + ". The rollback put " + previous
                + " into the model and " + returned + " instances are back on it; roll back again to retry (instances already back "
                + "are left alone), or cancel";
        data.rollbackRequest = null;
        data.decision = null;
        data.rollbackIncomplete = true;
        events.record(Change.of(EventType.PAUSED, "rollback", reason).rollout(RolloutState.PAUSED, reason));
        Workflow.await(data::cancelOrRollbackRequested);
        data.rollbackIncomplete = false;
        return data.cancelRequest != null ? Outcome.cancelled(data.cancelRequest) : null;
    }
}
