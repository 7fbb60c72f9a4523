package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.analysis.InconclusivePolicy;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.workflow.Workflow;

import dev.vmssrollout.model.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waves, one after the other, and everything that happens between two of them: operator
 * requests, approval gates, the pause between waves, failure handling and continue-as-new.
 * A pause takes effect only here; a cancel or rollback also interrupts the wave in flight (its activity is
 * cancelled; what Azure already accepted goes on there, and the wave's instances are recorded as a census shows them).
 */
final class WaveLoop {

    /** Workflow.getVersion change ID: runs that started waves before the wait for operator checks replay without it. */
    static final String OPERATOR_CHECKS_CHANGE_ID = "operator-checks-first";

    private final RolloutData data;
    private final EventLog events;
    private final WaveUpgrade upgrade;
    private final Rollback rollback;
    private final ContinueAsNewTrigger continueAsNew;
    private final ModelWatch watch;
    private final WindowGate windowGate;
    private final WaveAnalysis analysis;
    private Boolean operatorChecksFirst;
    /** Whether a wave waits until the earlier waves' instances are back in service (set by {@link #run()}). */
    private boolean flooring;

    WaveLoop(RolloutData data, EventLog events, WaveUpgrade upgrade, Rollback rollback,
             ContinueAsNewTrigger continueAsNew, ModelWatch watch) {
        this.data = data;
        this.events = events;
        this.upgrade = upgrade;
        this.rollback = rollback;
        this.continueAsNew = continueAsNew;
        this.watch = watch;
        this.windowGate = new WindowGate(data, events);
        this.analysis = new WaveAnalysis(data);
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
        boolean watching = WorkflowChanges.applies(WorkflowChanges.MODEL_DRIFT);
        flooring = watching && WorkflowChanges.applies(WorkflowChanges.CAPACITY_FLOOR);
        data.wavesInterruptible = WorkflowChanges.applies(WorkflowChanges.WAVE_DEADLINE);
        while (true) {
            Outcome ended = runWaves(watching);
            if (ended != null) {
                return ended;
            }
            if (data.rollbackRequest != null) {
                // Asked for while the last wave ran: the operator wants the previous image back.
                return rollback.run("requested by " + Operators.describe(data.rollbackRequest));
            }
            if (!watching) {
                return Outcome.succeeded(upgradedInstances(), null);
            }
            FinalCheck check = finalCheck();
            if (check.problem() == null) {
                return Outcome.succeeded(upgradedInstances(), check.detail());
            }
            Outcome outcome = pauseForDrift(check.problem());
            if (outcome != null) {
                return outcome;
            }
        }
    }

    /** Null once every wave is done; otherwise how the rollout ends. */
    private Outcome runWaves(boolean watching) {
        while (data.completedWaves < data.waveCount()) {
            int index = data.completedWaves;
            data.currentWave = index;
            Outcome stop = beforeWave(index);
            if (stop != null) {
                return stop;
            }
            List<String> instanceIds = data.wave(index).instanceIds();
            if (watching) {
                String drift = watch.driftBeforeGoingOn();
                Map<String, Instance> present = drift == null ? watch.census() : null;
                if (drift == null && present == null) {
                    drift = "could not list the instances before " + data.waveName(index);
                }
                if (drift != null) {
                    Outcome outcome = pauseForDrift(drift);
                    if (outcome != null) {
                        return outcome;
                    }
                    continue; // checked again before the wave starts
                }
                instanceIds = stillPresent(index, present);
                String shortfall = flooring ? capacityShortfall(index, instanceIds, present) : null;
                if (shortfall != null) {
                    Outcome outcome = pauseForCapacity(shortfall);
                    if (outcome != null) {
                        return outcome;
                    }
                    continue; // checked again before the wave starts
                }
            }
            WaveEnd end = runWave(index, instanceIds, watching);
            if (end.drift()) {
                Outcome outcome = pauseForDrift(end.problem());
                if (outcome != null) {
                    return outcome;
                }
                continue;
            }
            if (end.problem() != null) {
                // An inconclusive analysis waits for a person whatever onFailure says: nothing is known to be wrong.
                Outcome outcome = end.inconclusive()
                        ? pauseAfterFailure(index, data.waveName(index) + ": " + end.problem(), "onInconclusive=PAUSE")
                        : onFailure(index, end.problem());
                if (outcome != null) {
                    return outcome;
                }
            }
            if (data.completedWaves < data.waveCount()) {
                pauseBetweenWaves();
            }
        }
        return null;
    }

    /**
     * Why wave {@code index} must not start now, or null. The promise is that a rollout never has more than its
     * largest wave out of service; instances of an earlier failed wave an operator accepted (resume) that are still
     * out (unhealthy, stopped, updating) count against it. Not counted: instances a succeeded wave tolerated
     * ({@code maxUnhealthyPercent}, the plan's explicit allowance) and instances that were out before the rollout
     * touched them (a rollout may be what brings them back).
     */
    private String capacityShortfall(int index, List<String> instanceIds, Map<String, Instance> present) {
        int largest = data.waves.stream().mapToInt(w -> w.wave.instanceIds().size()).max().orElse(0);
        List<String> out = new ArrayList<>();
        for (int earlier = 0; earlier < index; earlier++) {
            if (data.waves.get(earlier).state != WaveState.FAILED) {
                continue;
            }
            for (String id : data.wave(earlier).instanceIds()) {
                Instance instance = present.get(id);
                if (instance != null && !instance.inService()) {
                    out.add(id);
                }
            }
        }
        if (out.isEmpty() || out.size() + instanceIds.size() <= largest) {
            return null;
        }
        int inService = (int) present.values().stream().filter(Instance::inService).count();
        return ScaleSetCensus.instances(out) + " of accepted failed waves " + (out.size() == 1 ? "is" : "are")
                + " out of service (unhealthy, stopped or updating); starting " + data.waveName(index) + " ("
                + instanceIds.size() + " instances) would leave " + (inService - instanceIds.size()) + " of "
                + present.size() + " in service, below the floor of " + (present.size() - largest)
                + " (capacity minus the largest wave)";
    }

    /** Not enough in service to start the next wave: halt and let an operator decide. Null when resumed. */
    private Outcome pauseForCapacity(String shortfall) {
        watch.forget();
        String reason = shortfall + "; roll back, cancel, or bring them back and resume (resume checks again)";
        events.record(Change.of(EventType.PAUSED, "capacity check", reason).rollout(RolloutState.PAUSED, reason));
        Workflow.await(() -> data.decision != null || data.cancelOrRollbackRequested());
        data.decision = null;
        if (data.rollbackRequest != null) {
            return rollback.run("requested by " + Operators.describe(data.rollbackRequest));
        }
        return data.cancelRequest != null ? Outcome.cancelled(data.cancelRequest) : null;
    }

    /** The wave's instances that still exist; those deleted since the plan are recorded as such, not sent. */
    private List<String> stillPresent(int index, Map<String, Instance> present) {
        List<String> ids = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (String id : data.wave(index).instanceIds()) {
            (present.containsKey(id) ? ids : gone).add(id);
        }
        if (!gone.isEmpty()) {
            events.record(Change.of(EventType.INSTANCES_DELETED, gone.size(), String.join(", ", gone))
                    .instances(gone, InstanceState.DELETED));
        }
        return ids;
    }

    /** How the scale set stands once every wave is done: a problem that forbids SUCCEEDED, or what to report. */
    private record FinalCheck(String problem, String detail) {
    }

    /**
     * SUCCEEDED is reported only when Azure shows it: the model still holds the target and every
     * instance runs it, including instances a scale-out added after the plan was made.
     */
    private FinalCheck finalCheck() {
        String drift = watch.driftBeforeGoingOn();
        if (drift != null) {
            return new FinalCheck(drift, null);
        }
        Map<String, Instance> now = watch.census();
        if (now == null) {
            return new FinalCheck("could not list the instances to check that every one runs " + data.modelImage, null);
        }
        Set<String> planned = data.plannedInstanceIds();
        List<String> gone = planned.stream().filter(id -> !now.containsKey(id)).toList();
        List<String> unrecorded = gone.stream()
                .filter(id -> data.waveOf(id).isPresent() && recorded(id) != InstanceState.DELETED).toList();
        if (!unrecorded.isEmpty()) {
            events.record(Change.of(EventType.INSTANCES_DELETED, unrecorded.size(), String.join(", ", unrecorded))
                    .instances(unrecorded, InstanceState.DELETED));
        }
        List<String> off = now.values().stream()
                .filter(i -> i.image() == null || !i.image().fulfils(data.modelImage)).map(Instance::instanceId).toList();
        // An instance of a failed wave that an operator accepted is recorded FAILED: the record already says it
        // did not reach the target, so it does not hold the rollout back; the success message names it.
        List<String> accepted = off.stream().filter(id -> recorded(id) == InstanceState.FAILED).toList();
        List<String> unexplained = off.stream().filter(id -> !accepted.contains(id)).toList();
        if (!unexplained.isEmpty()) {
            return new FinalCheck(ScaleSetCensus.instances(unexplained) + (unexplained.size() == 1 ? " does" : " do")
                    + " not run " + data.modelImage + ": " + ScaleSetCensus.describe(List.copyOf(now.values()),
                    data.modelImage), null);
        }
        List<String> added = now.keySet().stream().filter(id -> !planned.contains(id)).toList();
        StringBuilder detail = new StringBuilder();
        if (!accepted.isEmpty()) {
            detail.append("; ").append(ScaleSetCensus.instances(accepted))
                    .append(" of a failed wave an operator accepted still ").append(accepted.size() == 1 ? "runs " : "run ")
                    .append(data.baseline.previousImage().sameAs(now.get(accepted.get(0)).image())
                            ? data.baseline.previousImage() : "another image");
        }
        if (!added.isEmpty()) {
            detail.append("; ").append(ScaleSetCensus.instances(added)).append(" added during the rollout (a scale-out) ")
                    .append(added.size() == 1 ? "runs " : "run ").append(data.modelImage);
        }
        if (!gone.isEmpty()) {
            detail.append("; ").append(ScaleSetCensus.instances(gone)).append(gone.size() == 1 ? " was" : " were")
                    .append(" deleted during the rollout");
        }
        return new FinalCheck(null, detail.isEmpty() ? null : detail.toString());
    }

    private InstanceState recorded(String instanceId) {
        return data.waveOf(instanceId).map(index -> data.waves.get(index).instances.get(instanceId)).orElse(null);
    }

    /**
     * The scale set is not what the rollout made it: halt, say so with both images, and leave the
     * decision to an operator. Null when the operator resumed (the caller checks again).
     */
    private Outcome pauseForDrift(String problem) {
        watch.forget();
        String reason = problem + "; roll back (puts " + data.baseline.previousImage() + " back into the model) or "
                + "cancel (leaves the scale set as it is); resume checks again and goes on only once the model holds "
                + data.modelImage;
        events.record(Change.of(EventType.PAUSED, "drift check", reason).rollout(RolloutState.PAUSED, reason));
        Workflow.await(() -> data.decision != null || data.cancelOrRollbackRequested());
        data.decision = null;
        if (data.rollbackRequest != null) {
            return rollback.run("requested by " + Operators.describe(data.rollbackRequest));
        }
        return data.cancelRequest != null ? Outcome.cancelled(data.cancelRequest) : null;
    }

    /**
     * A pause (or cancel, rollback) sent during a wave is checked for its channel by an activity; were the next wave
     * to start before the verdict, the pause would take effect a wave late. So the next wave waits for checks in flight
     * (a cancel or rollback that comes meanwhile ends the wait).
     *
     * @return whether it waited, so that the caller looks at the operator's requests again
     */
    private boolean awaitedOperatorChecks() {
        if (operatorChecksFirst == null) {
            operatorChecksFirst = Workflow.getVersion(OPERATOR_CHECKS_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
        }
        if (!operatorChecksFirst || data.operatorChecksInFlight == 0) {
            return false;
        }
        Workflow.await(() -> data.operatorChecksInFlight == 0 || data.cancelOrRollbackRequested());
        return true;
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
                if (windowGate.awaitRoomFor(data.expectedWaveDuration()) && !awaitedOperatorChecks()) {
                    return null;
                }
                continue; // an operator request came in (or may have) while the rollout waited
            }
            awaitApproval(index);
        }
    }

    private void pause(int index) {
        watch.forget();
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
        watch.forget();
        if (!Integer.valueOf(index).equals(data.waitingForApproval)) {
            events.record(Change.of(EventType.WAITING_FOR_APPROVAL, index + 1, data.waveCount())
                    .rollout(RolloutState.WAITING_FOR_APPROVAL, data.waveName(index) + " waits for approval")
                    .wave(index, WaveState.WAITING_FOR_APPROVAL));
        }
        Workflow.await(() -> data.approvedWaves.contains(index) || data.operatorRequestPending());
    }

    /**
     * How a wave ended: {@code problem} is null when it completed healthy (or its analysis was interrupted by an
     * operator's request); {@code drift} when the model changed; {@code inconclusive} when its metric analysis could
     * not tell and the plan says to pause for a person.
     */
    private record WaveEnd(String problem, boolean drift, boolean inconclusive) {

        WaveEnd(String problem, boolean drift) {
            this(problem, drift, false);
        }
    }

    private WaveEnd runWave(int index, List<String> instanceIds, boolean watching) {
        long began = Workflow.currentTimeMillis();
        data.startedWaves.add(index);
        data.wavesRunThisRun++;
        data.waveInFlight = true;
        events.record(Change.of(EventType.WAVE_STARTED, index + 1, data.waveCount(), instanceIds.size())
                .rollout(RolloutState.RUNNING)
                .wave(index, WaveState.UPGRADING)
                .instances(instanceIds, InstanceState.UPGRADING));
        WaveUpgrade.Result result = instanceIds.isEmpty() ? new WaveUpgrade.Result(null, Map.of())
                : upgrade.run(instanceIds, () -> events.record(Change.of(EventType.WAVE_VERIFYING, index + 1,
                        data.waveCount()).wave(index, WaveState.VERIFYING)), this::interruption);
        data.waveInFlight = false;
        data.waveTook(Duration.ofMillis(Workflow.currentTimeMillis() - began));
        if (result.census() != null) {
            watch.saw(result.census());
        }
        if (result.interrupted()) {
            // Not completed and not failed: the cancel or rollback is carried out before the next wave, as always;
            // the record says what Azure holds now, the upgrade it had accepted may still be going on there.
            events.record(Change.of(EventType.WAVE_INTERRUPTED, index + 1, data.waveCount(), result.problem(),
                            WaveCensus.describe(result.instances()))
                    .wave(index, WaveState.CANCELLED)
                    .instances(result.instances()));
            return new WaveEnd(null, false);
        }
        String drift = watching ? watch.drift() : null;
        if (drift != null) {
            // Judged against the model: instances Azure upgraded to someone else's image did not reach the target.
            events.record(Change.of(EventType.WAVE_FAILED, index + 1, data.waveCount(), drift)
                    .wave(index, WaveState.FAILED)
                    .instances(judgedAgainstTarget(instanceIds, result)));
            return new WaveEnd(drift, true);
        }
        if (!result.healthy()) {
            events.record(Change.of(EventType.WAVE_FAILED, index + 1, data.waveCount(), result.problem())
                    .wave(index, WaveState.FAILED)
                    .instances(result.instances())
                    .problems(result.instanceProblems()));
            return new WaveEnd(result.problem(), false);
        }
        if (data.plan().analysis() != null && WorkflowChanges.applies(WorkflowChanges.METRIC_ANALYSIS)) {
            WaveAnalysis.Result analysed = analysis.run(index, instanceIds);
            if (analysed.interrupted()) {
                return new WaveEnd(null, false); // not completed: the cancel or rollback is handled before it again
            }
            InconclusivePolicy policy = data.plan().analysis().onInconclusive();
            String problem = analysed.problem(policy);
            if (problem != null) {
                events.record(Change.of(EventType.WAVE_FAILED, index + 1, data.waveCount(), problem)
                        .wave(index, WaveState.FAILED)
                        .instances(result.instances()));
                return new WaveEnd(problem, false,
                        analysed.verdict() == Verdict.INCONCLUSIVE && policy == InconclusivePolicy.PAUSE);
            }
        }
        data.completedWaves = index + 1;
        events.record(Change.of(EventType.WAVE_COMPLETED, index + 1, data.waveCount(), instanceIds.size())
                .wave(index, WaveState.SUCCEEDED)
                .instances(result.instances())
                .problems(result.instanceProblems()));
        return new WaveEnd(null, false);
    }

    /** What stops a wave in flight at once: a cancel or a rollback (a pause waits for the wave to end). */
    private String interruption() {
        if (data.rollbackRequest != null) {
            return "rollback requested by " + Operators.describe(data.rollbackRequest);
        }
        return data.cancelRequest == null ? null : "cancel requested by " + Operators.describe(data.cancelRequest);
    }

        /** Each instance's health as the wave saw it when it runs the target; FAILED when it runs another image. */
    private Map<String, InstanceState> judgedAgainstTarget(List<String> instanceIds, WaveUpgrade.Result result) {
        Map<String, Instance> now = watch.census();
        Map<String, InstanceState> states = new LinkedHashMap<>();
        for (String id : instanceIds) {
            Instance instance = now == null ? null : now.get(id);
            if (now != null && instance == null) {
                states.put(id, InstanceState.DELETED);
            } else if (instance != null && instance.image() != null && instance.image().fulfils(data.baseline.targetImage())) {
                states.put(id, result.instances().getOrDefault(id, InstanceState.UPGRADING));
            } else {
                states.put(id, InstanceState.FAILED);
            }
        }
        return states;
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
        return pauseAfterFailure(index, failed, "onFailure=PAUSE");
    }

    /** @param pausedBy the rule that paused, as the PAUSED event names it */
    private Outcome pauseAfterFailure(int index, String failed, String pausedBy) {
        watch.forget();
        data.failedWave = index;
        String reason = failed + "; resume to accept the wave and go on, retry the wave, roll back or cancel";
        events.record(Change.of(EventType.PAUSED, pausedBy, reason)
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
                input.searchAttributes(), data.resumePoint(), data.windowOverride, input.claimToken()));
    }

    private int upgradedInstances() {
        return (int) data.waves.stream().filter(w -> w.state == WaveState.SUCCEEDED)
                .flatMap(w -> w.instances.values().stream()).filter(s -> s != InstanceState.DELETED).count();
    }
}
