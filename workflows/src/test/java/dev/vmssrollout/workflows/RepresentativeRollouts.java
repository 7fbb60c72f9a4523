package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;

/**
 * Rollouts that between them use every kind of workflow command and message (activities, timers,
 * an Update, signals, search attributes), whose histories the replay test keeps.
 */
final class RepresentativeRollouts {

    /** A scenario: its history file name and how to drive it to its end. */
    record Scenario(String name, Function<RolloutHarness, RolloutProgress> run) {
    }

    private RepresentativeRollouts() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("approvals-pause-retry-policy-switch", RepresentativeRollouts::approvalsPauseRetryPolicySwitch),
                new Scenario("timed-waves-automatic-rollback", RepresentativeRollouts::timedWavesAutomaticRollback),
                new Scenario("stuck-wave-cancelled", RepresentativeRollouts::stuckWaveCancelled));
    }

    /** Wave 2's manualupgrade never gets anywhere; a cancel interrupts it (issue 12, scenario 9). */
    static RolloutProgress stuckWaveCancelled(RolloutHarness harness) {
        FakeScaleSet scaleSet = aScaleSet().stuckUpgrading("1", "6", "11", "16");
        try {
            RolloutWorkflow rollout = harness.start(scaleSet, aPlan().build());
            harness.progress.awaitEvent(EventType.WAVE_STARTED, 2);
            rollout.cancel(new OperatorCommand("dave", "stuck"));
            return require(harness.result(), RolloutState.CANCELLED);
        } finally {
            scaleSet.unstick();
        }
    }

    /**
     * Automatic policy switched and restored; FIRST_WAVE approvals by Update and by signal; a pause
     * requested during a wave and resumed; a failed upgrade retried.
     */
    static RolloutProgress approvalsPauseRetryPolicySwitch(RolloutHarness harness) {
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic").failingUpgradeOf("13", 1).beforeEachUpgrade(ids -> {
            if (ids.contains("2")) {
                harness.workflow().pause(new OperatorCommand("carol", "checking dashboards"));
            }
        });
        RolloutWorkflow rollout = harness.start(scaleSet, new RolloutInput(RolloutHarness.ROLLOUT_ID,
                aPlan().withApproval(ApprovalMode.FIRST_WAVE).allowingPolicySwitch().build(),
                RolloutHarness.SUBMITTER, true, true, null));
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 1);
        rollout.approve(new ApproveWave("bob", 0, "canary"));
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 2);
        rollout.approveSignal(new ApproveWave("bob", 1, null));
        harness.progress.awaitEvent(EventType.PAUSED, 1);
        rollout.resume(new OperatorCommand("carol", null));
        harness.progress.awaitEvent(EventType.PAUSED, 2);
        rollout.retryWave(new OperatorCommand("carol", "transient"));
        return require(harness.result(), RolloutState.SUCCEEDED);
    }

    /** Ten minutes between waves; the third wave is unhealthy and onFailure=ROLLBACK puts the first three back. */
    static RolloutProgress timedWavesAutomaticRollback(RolloutHarness harness) {
        FakeScaleSet scaleSet = aScaleSet().unhealthyOn(NEW, "7");
        harness.start(scaleSet, aPlan().pausingBetweenWaves(Duration.ofMinutes(10))
                .onFailure(FailurePolicy.ROLLBACK).build());
        return require(harness.result(), RolloutState.ROLLED_BACK);
    }

    private static RolloutProgress require(RolloutProgress result, RolloutState expected) {
        if (result.state() != expected) {
            throw new AssertionError("scenario ended " + result.state() + " instead of " + expected + ": " + result.reason());
        }
        return result;
    }
}
