package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.OverrideApproval;
import dev.vmssrollout.workflows.OverrideRequest;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.RolloutProgress;
import dev.vmssrollout.workflows.RolloutWorkflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the rollout workflow, started by a release as its child: it ends in the state the test scripted
 * for its scale set (SUCCEEDED unless told), one scripted outcome per run. Static because Temporal creates it.
 */
public class ScriptedRollout implements RolloutWorkflow {

    static final Map<String, List<RolloutState>> OUTCOMES = new ConcurrentHashMap<>();
    static final List<String> STARTED = new CopyOnWriteArrayList<>();

    static void reset() {
        OUTCOMES.clear();
        STARTED.clear();
    }

    @Override
    public RolloutProgress run(RolloutInput input) {
        String scaleSet = input.plan().target().name();
        STARTED.add(scaleSet);
        List<RolloutState> scripted = OUTCOMES.get(scaleSet);
        RolloutState state = scripted == null || scripted.isEmpty() ? RolloutState.SUCCEEDED : scripted.remove(0);
        return new RolloutProgress(input.rolloutId(), state, state == RolloutState.SUCCEEDED ? null : "scripted",
                null, null, List.of(), List.of(), null, null, 0, null, null);
    }

    @Override
    public RolloutProgress approve(ApproveWave request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void validateApprove(ApproveWave request) {
    }

    @Override
    public void approveSignal(ApproveWave request) {
    }

    @Override
    public void pause(OperatorCommand command) {
    }

    @Override
    public void resume(OperatorCommand command) {
    }

    @Override
    public void retryWave(OperatorCommand command) {
    }

    @Override
    public void cancel(OperatorCommand command) {
    }

    @Override
    public void rollback(OperatorCommand command) {
    }

    @Override
    public RolloutProgress requestOverride(OverrideRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void validateRequestOverride(OverrideRequest request) {
    }

    @Override
    public RolloutProgress approveOverride(OverrideApproval approval) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void validateApproveOverride(OverrideApproval approval) {
    }

    @Override
    public void calendarChanged() {
    }

    @Override
    public RolloutProgress progress() {
        return null;
    }
}
