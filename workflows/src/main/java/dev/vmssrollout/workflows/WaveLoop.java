package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.workflow.Workflow;

import java.time.Duration;

/**
 * The waves, one after the other, and everything that happens between two of them: operator
 * requests, approval gates, the pause between waves, failure handling and continue-as-new.
 * Operator requests take effect only here, so an upgrade already sent is never interrupted.
 */
final class WaveLoop {

    private final RolloutData data;
    private final EventLog events;
    private final WaveUpgrade upgrade;
    private final Rollback rollback;
    private final ContinueAsNewTrigger continueAsNew;

    WaveLoop(RolloutData data, EventLog events, WaveUpgrade upgrade, Rollback rollback,
             ContinueAsNewTrigger continueAsNew) {
        this.data = data;
        this.events = events;
        this.upgrade = upgrade;
        this.rollback = rollback;
        this.continueAsNew = continueAsNew;
    }

    Outcome run() {
        if (data.failedWave != null) {
            // Resumed while paused after a failed wave: back to that decision.
            Outcome outcome = pauseAfterFailure(data.failedWave, "paused after " + data.waveName(data.failedWave)
                    + " failed, before the workflow was restarted");
            if (outcome != null) {
                return outcome;
            }
        }
        while (data.completedWaves < data.waveCount()) {
            int index = data.completedWaves;
            data.currentWave = index;
            Outcome stop = beforeWave(index);
            if (stop != null) {
                return stop;
            }
            String problem = runWave(index);
            if (problem != null) {
                Outcome outcome = onFailure(index, problem);
                if (outcome != null) {
                    return outcome;
                }
            }
            if (data.completedWaves < data.waveCount()) {
                pauseBetweenWaves();
            }
        }
        if (data.rollbackRequest != null) {
            // Asked for while the last wave ran: the operator wants the previous image back.
            return rollback.run("requested by " + Operators.describe(data.rollbackRequest));
        }
        return Outcome.succeeded(upgradedInstances());
    }

    /** Null when wave {@code index} may start; otherwise how the rollout ends. */
    private Outcome beforeWave(int index) {
        while (true) {
            if (data.rollbackRequest != null) {
                return rollback.run("requested by " + Operators.describe(data.rollbackRequest));
            }
            if (data.cancelRequest != null) {
                return Outcome.cancelled(data.cancelRequest);
            }
            if (data.pauseRequest != null) {
                pause(index);
                continue;
            }
            continueAsNewIfSuggested();
            if (data.operatorRequestPending()) {
                continue;
            }
            if (!data.plan().approval().gates(index) || data.approvedWaves.contains(index)) {
                return null;
            }
            awaitApproval(index);
        }
    }

    private void pause(int index) {
        OperatorCommand request = data.pauseRequest;
        data.pauseRequest = null;
        String reason = Operators.reason(request) + "; resume, roll back or cancel";
        Change paused = Change.of(EventType.PAUSED, Operators.actor(request), Operators.reason(request))
                .by(request.actor())
                .rollout(RolloutState.PAUSED, reason);
        if (data.waitingForApproval != null) {
            paused.wave(index, WaveState.PENDING);
        }
        events.record(paused);
        Workflow.await(() -> data.decision != null || data.cancelOrRollbackRequested());
        data.decision = null;
    }

    private void awaitApproval(int index) {
        if (!Integer.valueOf(index).equals(data.waitingForApproval)) {
            events.record(Change.of(EventType.WAITING_FOR_APPROVAL, index + 1, data.waveCount())
                    .rollout(RolloutState.WAITING_FOR_APPROVAL, data.waveName(index) + " waits for approval")
                    .wave(index, WaveState.WAITING_FOR_APPROVAL));
        }
        Workflow.await(() -> data.approvedWaves.contains(index) || data.operatorRequestPending());
    }

    /** The problem, or null when the wave completed healthy. */
    private String runWave(int index) {
        Wave wave = data.wave(index);
        data.startedWaves.add(index);
        data.wavesRunThisRun++;
        data.waveInFlight = true;
        events.record(Change.of(EventType.WAVE_STARTED, index + 1, data.waveCount(), wave.size())
                .rollout(RolloutState.RUNNING)
                .wave(index, WaveState.UPGRADING)
                .instances(wave.instanceIds(), InstanceState.UPGRADING));
        WaveUpgrade.Result result = upgrade.run(wave.instanceIds(),
                () -> events.record(Change.of(EventType.WAVE_VERIFYING, index + 1, data.waveCount())
                        .wave(index, WaveState.VERIFYING)));
        data.waveInFlight = false;
        if (!result.healthy()) {
            events.record(Change.of(EventType.WAVE_FAILED, index + 1, data.waveCount(), result.problem())
                    .wave(index, WaveState.FAILED)
                    .instances(result.instances()));
            return result.problem();
        }
        data.completedWaves = index + 1;
        events.record(Change.of(EventType.WAVE_COMPLETED, index + 1, data.waveCount(), wave.size())
                .wave(index, WaveState.SUCCEEDED)
                .instances(result.instances()));
        return null;
    }

    /** Null when the rollout goes on (the wave retried or accepted); otherwise how it ends. */
    private Outcome onFailure(int index, String problem) {
        String failed = data.waveName(index) + " failed: " + problem;
        FailurePolicy policy = data.plan().onFailure();
        return switch (policy) {
            case ROLLBACK -> rollback.run(failed + " (onFailure=ROLLBACK)");
            case ABORT -> Outcome.failed(failed + "; onFailure=ABORT leaves the model on " + data.modelImage
                    + " and " + upgradedInstances() + " instances upgraded");
            case PAUSE -> pauseAfterFailure(index, failed);
        };
    }

    private Outcome pauseAfterFailure(int index, String failed) {
        data.failedWave = index;
        String reason = failed + "; resume to accept the wave and go on, retry the wave, roll back or cancel";
        events.record(Change.of(EventType.PAUSED, "onFailure=PAUSE", reason)
                .rollout(RolloutState.PAUSED, reason));
        Workflow.await(() -> data.decision != null || data.cancelOrRollbackRequested());
        if (data.rollbackRequest != null) {
            return rollback.run("requested by " + Operators.describe(data.rollbackRequest));
        }
        if (data.cancelRequest != null) {
            return Outcome.cancelled(data.cancelRequest);
        }
        if (data.decision == RolloutData.Decision.RESUME) {
            data.completedWaves = index + 1;
        }
        data.decision = null;
        data.failedWave = null;
        return null;
    }

    private void pauseBetweenWaves() {
        Duration pause = data.plan().strategy().pauseBetweenWaves();
        if (pause.isZero()) {
            return;
        }
        // Any operator request ends the pause: a resume after a pause here means "go on now".
        Workflow.await(pause, data::operatorRequestPending);
    }

    /** Hands over to a new run between waves when the history grows long; never returns if it does. */
    private void continueAsNewIfSuggested() {
        if (data.wavesRunThisRun == 0 || !continueAsNew.shouldContinueAsNew()) {
            return;
        }
        Workflow.await(() -> Workflow.isEveryHandlerFinished());
        events.awaitNotifications(); // a run that ends with an activity in flight would drop its result
        events.flush();
        if (data.operatorRequestPending() || !events.allSent() || !Workflow.isEveryHandlerFinished()) {
            return; // a request came in meanwhile: this run handles it, the next checkpoint hands over
        }
        RolloutInput input = data.input;
        Workflow.continueAsNew(new RolloutInput(input.rolloutId(), input.plan(), input.submittedBy(), input.fourEyes(),
                input.searchAttributes(), data.resumePoint()));
    }

    private int upgradedInstances() {
        return data.waves.stream().filter(w -> w.state == WaveState.SUCCEEDED).mapToInt(w -> w.wave.size()).sum();
    }
}
