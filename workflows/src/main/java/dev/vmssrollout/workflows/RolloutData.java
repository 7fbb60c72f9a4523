package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.ProgressEvent.Baseline;
import dev.vmssrollout.model.progress.PendingRequests;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * All state of one rollout workflow run. The main flow and the message handlers read and change
 * it; rollout, wave and instance states change only through {@link #apply(Change)}, which
 * {@link EventLog} calls for every recorded event.
 */
final class RolloutData {

    enum Decision { RESUME, RETRY }

    final RolloutInput input;
    RolloutState state = RolloutState.PENDING;
    /** Why the rollout waits, is paused or ended; null while it simply runs. */
    String reason;
    long nextSeq = 2;

    Baseline baseline;
    boolean policySwitched;
    /** The image the scale set model holds, as far as this rollout changed it. */
    Image modelImage;
    /** The model's ETag as preflight read it, for the model update's If-Match; null after a restart. */
    String modelEtag;

    WavePlan wavePlan;
    final List<WaveStatus> waves = new ArrayList<>();
    private final Map<String, WaveStatus> waveOfInstance = new HashMap<>();
    /** Waves before this index are done (completed, or failed and accepted by an operator). */
    int completedWaves;
    Integer currentWave;
    Integer failedWave;
    Integer waitingForApproval;
    final SortedSet<Integer> approvedWaves = new TreeSet<>();
    /** Waves whose instances this rollout may have upgraded: what a rollback puts back. */
    final SortedSet<Integer> startedWaves = new TreeSet<>();
    int wavesRunThisRun;

    OperatorCommand pauseRequest;
    OperatorCommand cancelRequest;
    OperatorCommand rollbackRequest;
    Decision decision;
    /** A rollback failed for some instances and waits for an operator to roll back again or cancel. */
    boolean rollbackIncomplete;
    /** A wave's upgrade or health wait is under way: operator requests wait for it to end. */
    boolean waveInFlight;
    /** Whether a cancel or rollback interrupts the wave in flight (runs since issue 12's scenario 9 do). */
    boolean wavesInterruptible;

    /** While WAITING_FOR_WINDOW: when the rollout may go on (null when no window leaves room). */
    Instant nextWindowStart;
    /** A calendar changed since the window was last checked: check again now. */
    boolean calendarChanged;
    /** Operator actions whose channel is being checked (an activity): the next wave waits for their verdicts. */
    int operatorChecksInFlight;
    /** The emergency override asked for (and maybe approved) on this rollout, or null. */
    WindowOverride windowOverride;
    /** The longest a wave of this run took, from its start to its end; null before one ended. */
    Duration longestWave;

    RolloutData(RolloutInput input) {
        this.input = input;
        this.windowOverride = input.windowOverride();
        ResumePoint resume = input.resume();
        if (resume != null) {
            restore(resume);
        }
    }

    private void restore(ResumePoint resume) {
        nextSeq = resume.nextSeq();
        state = resume.state() == null ? RolloutState.PENDING : resume.state();
        baseline = resume.baseline();
        if (baseline != null) {
            policySwitched = UpgradePolicies.appliesModelItself(baseline.previousUpgradePolicy());
            modelImage = resume.wavePlan() == null ? baseline.previousImage() : baseline.targetImage();
        }
        approvedWaves.addAll(resume.approvedWaves());
        pending(resume.pending());
        if (resume.wavePlan() == null) {
            return;
        }
        planned(resume.wavePlan());
        completedWaves = Math.min(resume.completedWaves(), waves.size());
        for (int i = 0; i < completedWaves; i++) {
            startedWaves.add(i);
            if (resume.acceptedFailedWaves().contains(i)) {
                waves.get(i).state = WaveState.FAILED; // accepted by an operator: done, but never a success
                continue;
            }
            waves.get(i).state = WaveState.SUCCEEDED;
            waves.get(i).instances.replaceAll((id, s) -> InstanceState.HEALTHY);
        }
        if (state == RolloutState.PAUSED && resume.failedWave() != null && resume.failedWave() < waves.size()) {
            failedWave = resume.failedWave();
            startedWaves.add(failedWave);
            waves.get(failedWave).state = WaveState.FAILED;
        }
        // A rollback may have started right after the next wave failed, or have been requested while it ran: put
        // that one back too (a no-op for instances that never left the previous image). Rollback.resume adds the rest.
        if ((state == RolloutState.ROLLING_BACK || rollbackRequest != null) && completedWaves < waves.size()) {
            startedWaves.add(completedWaves);
        }
        currentWave = completedWaves < waves.size() ? completedWaves : null;
    }

    /** Requests the lost run had recorded but not carried out: this run carries them out. */
    private void pending(PendingRequests pending) {
        pauseRequest = command(pending.pause());
        cancelRequest = command(pending.cancel());
        rollbackRequest = command(pending.rollback());
    }

    private static OperatorCommand command(PendingRequests.Request request) {
        return request == null ? null : new OperatorCommand(request.actor(), request.reason());
    }

    RolloutPlan plan() {
        return input.plan();
    }

    ScaleSetRef target() {
        return input.plan().target();
    }

    int waveCount() {
        return waves.size();
    }

    Wave wave(int index) {
        return waves.get(index).wave;
    }

    /** Every instance the plan named, in a wave or skipped (as it ran the target already); in plan order. */
    Set<String> plannedInstanceIds() {
        Set<String> planned = new LinkedHashSet<>(wavePlan.skippedInstanceIds());
        waves.forEach(status -> planned.addAll(status.wave.instanceIds()));
        return planned;
    }

    Optional<Integer> waveOf(String instanceId) {
        return Optional.ofNullable(waveOfInstance.get(instanceId)).map(status -> status.wave.index());
    }

    /** "wave 2/5" for the 0-based index 1. */
    String waveName(int index) {
        return "wave " + (index + 1) + "/" + waves.size();
    }

    /**
     * How long the next wave is expected to take, to decide whether it ends before its window
     * closes: the longest wave so far, or before any ended, the plan's health timeout.
     */
    Duration expectedWaveDuration() {
        return longestWave != null ? longestWave : input.plan().health().timeout();
    }

    void waveTook(Duration took) {
        if (longestWave == null || took.compareTo(longestWave) > 0) {
            longestWave = took;
        }
    }

    boolean cancelOrRollbackRequested() {
        return cancelRequest != null || rollbackRequest != null;
    }

    boolean operatorRequestPending() {
        return cancelOrRollbackRequested() || pauseRequest != null;
    }

    /** Applies a change; returns whether the rollout's state changed. */
    boolean apply(Change change) {
        if (change.wavePlan != null) {
            planned(change.wavePlan);
        }
        if (change.baseline != null) {
            baseline = change.baseline;
        }
        if (change.wave != null && change.waveState != null) {
            waves.get(change.wave).state = change.waveState;
        }
        change.instances.forEach((id, instanceState) -> {
            WaveStatus wave = waveOfInstance.get(id);
            if (wave != null) {
                wave.instances.put(id, instanceState);
            }
        });
        boolean changed = change.rolloutState != null && change.rolloutState != state;
        if (change.rolloutState != null) {
            state = change.rolloutState;
            reason = change.reason;
            nextWindowStart = state == RolloutState.WAITING_FOR_WINDOW ? change.nextWindowStart : null;
        }
        if (change.waveState == WaveState.WAITING_FOR_APPROVAL) {
            waitingForApproval = change.wave;
        } else if (state != RolloutState.WAITING_FOR_APPROVAL) {
            waitingForApproval = null;
        }
        return changed;
    }

    private void planned(WavePlan plan) {
        wavePlan = plan;
        waves.clear();
        waveOfInstance.clear();
        for (Wave wave : plan.waves()) {
            WaveStatus status = new WaveStatus(wave);
            waves.add(status);
            wave.instanceIds().forEach(id -> waveOfInstance.put(id, status));
        }
    }

    RolloutProgress toProgress() {
        return new RolloutProgress(input.rolloutId(), state, reason, currentWave, waitingForApproval,
                waves.stream().map(WaveStatus::toProgress).toList(),
                wavePlan == null ? List.of() : wavePlan.skippedInstanceIds(),
                baseline == null ? null : baseline.previousImage(),
                baseline == null ? null : baseline.targetImage(),
                nextSeq - 1, nextWindowStart, windowOverride);
    }

    /** Where the next run of this workflow carries on; only between waves, with nothing pending. */
    ResumePoint resumePoint() {
        List<Integer> acceptedFailures = new ArrayList<>();
        for (int i = 0; i < completedWaves; i++) {
            if (waves.get(i).state == WaveState.FAILED) {
                acceptedFailures.add(i);
            }
        }
        return new ResumePoint(baseline, wavePlan, completedWaves, state, nextSeq,
                List.copyOf(approvedWaves), null, true, acceptedFailures, PendingRequests.NONE);
    }
}
