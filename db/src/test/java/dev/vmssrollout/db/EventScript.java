package dev.vmssrollout.db;

import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a rollout's progress events as the workflow would: seq 2, 3, 4... (seq 1 is SUBMITTED,
 * written by create), one minute apart (from {@link Fixtures#T0} unless told otherwise).
 */
final class EventScript {

    private final String rolloutId;
    private final Instant start;
    private int total;
    private long nextSeq = 2;

    EventScript(String rolloutId) {
        this(rolloutId, Fixtures.T0);
    }

    /** Events {@code seq} minutes after {@code start}. */
    EventScript(String rolloutId, Instant start) {
        this.rolloutId = rolloutId;
        this.start = start;
    }

    long nextSeq() {
        return nextSeq;
    }

    static Instant at(long seq) {
        return Fixtures.T0.plusSeconds(60 * seq);
    }

    ProgressEvent preflightPassed(ProgressEvent.Baseline baseline) {
        return next(EventType.PREFLIGHT_PASSED, "system", EventType.PREFLIGHT_PASSED.message(baseline.previousImage(),
                baseline.previousUpgradePolicy()), RolloutState.RUNNING, null, null, Map.of(), null, baseline);
    }

    ProgressEvent wavesPlanned(WavePlan plan) {
        total = plan.waves().size();
        return next(EventType.WAVES_PLANNED, "system",
                EventType.WAVES_PLANNED.message(total, plan.skippedInstanceIds().size()),
                null, null, null, Map.of(), plan, null);
    }

    ProgressEvent waitingForApproval(int wave) {
        return next(EventType.WAITING_FOR_APPROVAL, "system", EventType.WAITING_FOR_APPROVAL.message(wave + 1, total),
                RolloutState.WAITING_FOR_APPROVAL, wave, WaveState.WAITING_FOR_APPROVAL, Map.of(), null, null);
    }

    ProgressEvent approved(int wave, String approver) {
        return next(EventType.APPROVED, approver, EventType.APPROVED.message(wave + 1, total, approver),
                RolloutState.RUNNING, wave, WaveState.PENDING, Map.of(), null, null);
    }

    ProgressEvent waveStarted(int wave, List<String> instanceIds) {
        return next(EventType.WAVE_STARTED, "system", EventType.WAVE_STARTED.message(wave + 1, total, instanceIds.size()),
                RolloutState.RUNNING, wave, WaveState.UPGRADING, all(instanceIds, InstanceState.UPGRADING), null, null);
    }

    ProgressEvent waveCompleted(int wave, List<String> instanceIds) {
        return next(EventType.WAVE_COMPLETED, "system",
                EventType.WAVE_COMPLETED.message(wave + 1, total, instanceIds.size()),
                null, wave, WaveState.SUCCEEDED, all(instanceIds, InstanceState.HEALTHY), null, null);
    }

    ProgressEvent waveFailed(int wave, Map<String, InstanceState> instances, String why) {
        return next(EventType.WAVE_FAILED, "system", EventType.WAVE_FAILED.message(wave + 1, total, why),
                null, wave, WaveState.FAILED, instances, null, null);
    }

    /** The same event, carrying what Azure said about some of its instances. */
    static ProgressEvent withProblems(ProgressEvent event, Map<String, InstanceProblem> problems) {
        return new ProgressEvent(event.rolloutId(), event.seq(), event.at(), event.type(), event.actor(),
                event.message(), event.rolloutState(), event.wave(), event.waveState(), event.instances(),
                event.wavePlan(), event.baseline(), event.nextWindowStart(), problems);
    }

    ProgressEvent paused(String actor, String why) {
        return next(EventType.PAUSED, actor, EventType.PAUSED.message(actor, why), RolloutState.PAUSED,
                null, null, Map.of(), null, null);
    }

    ProgressEvent resumed(String actor) {
        return next(EventType.RESUMED, actor, EventType.RESUMED.message(actor), RolloutState.RUNNING,
                null, null, Map.of(), null, null);
    }

    /** As the workflow words it while a wave runs. */
    ProgressEvent cancelRequested(String actor, String why) {
        return next(EventType.CANCEL_REQUESTED, actor, EventType.CANCEL_REQUESTED.message(actor) + ": " + why
                + "; it takes effect when the current wave ends", null, null, null, Map.of(), null, null);
    }

    ProgressEvent rollbackRequested(String actor, String why) {
        return next(EventType.ROLLBACK_REQUESTED, actor, EventType.ROLLBACK_REQUESTED.message(actor) + ": " + why
                + "; it takes effect when the current wave ends", null, null, null, Map.of(), null, null);
    }

    ProgressEvent pauseRequested(String actor, String why) {
        return next(EventType.PAUSE_REQUESTED, actor, EventType.PAUSE_REQUESTED.message(actor, why),
                null, null, null, Map.of(), null, null);
    }

    ProgressEvent overrideRequested(String actor, String why) {
        return next(EventType.OVERRIDE_REQUESTED, actor, EventType.OVERRIDE_REQUESTED.message(actor, why),
                null, null, null, Map.of(), null, null);
    }

    /** With the approver's comment after the message, as the workflow writes it. */
    ProgressEvent overrideApproved(String requestedBy, String approver, String comment) {
        return next(EventType.OVERRIDE_APPROVED, approver, EventType.OVERRIDE_APPROVED.message(requestedBy, approver)
                + " (" + comment + ")", null, null, null, Map.of(), null, null);
    }

    ProgressEvent succeeded(int upgraded) {
        return next(EventType.SUCCEEDED, "system", EventType.SUCCEEDED.message(upgraded), RolloutState.SUCCEEDED,
                null, null, Map.of(), null, null);
    }

    /** An event that moves the rollout to {@code state}, of the type that would. */
    ProgressEvent reaches(RolloutState state) {
        EventType type = switch (state) {
            case PENDING -> EventType.MODEL_UPDATED;
            case RUNNING -> EventType.RESUMED;
            case WAITING_FOR_APPROVAL -> EventType.WAITING_FOR_APPROVAL;
            case PAUSED -> EventType.PAUSED;
            case ROLLING_BACK -> EventType.ROLLBACK_STARTED;
            case SUCCEEDED -> EventType.SUCCEEDED;
            case FAILED -> EventType.FAILED;
            case CANCELLED -> EventType.CANCELLED;
            case ROLLED_BACK -> EventType.ROLLED_BACK;
            case WAITING_FOR_WINDOW -> EventType.WAITING_FOR_WINDOW;
            case TERMINATED -> EventType.TERMINATED;
        };
        return next(type, "system", "now " + state, state, null, null, Map.of(), null, null);
    }

    private ProgressEvent next(EventType type, String actor, String message, RolloutState state, Integer wave,
                               WaveState waveState, Map<String, InstanceState> instances, WavePlan plan,
                               ProgressEvent.Baseline baseline) {
        long seq = nextSeq++;
        return new ProgressEvent(rolloutId, seq, start.plusSeconds(60 * seq), type, actor, message, state, wave, waveState, instances,
                plan, baseline);
    }

    private static Map<String, InstanceState> all(List<String> ids, InstanceState state) {
        Map<String, InstanceState> result = new LinkedHashMap<>();
        ids.forEach(id -> result.put(id, state));
        return result;
    }
}
