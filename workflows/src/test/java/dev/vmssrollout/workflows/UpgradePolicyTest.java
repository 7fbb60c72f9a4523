package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

class UpgradePolicyTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void automaticPolicyIsRefusedWithWhyAndHowToProceed() {
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic");
        harness.start(scaleSet, aPlan().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.FAILED);
        assertThat(result.reason()).isEqualTo("refused: the scale set's upgrade policy is Automatic: changing the model "
                + "would upgrade every instance at once (downtime). Set the upgrade policy to Manual, or resubmit with "
                + "allowPolicySwitch=true so the rollout switches it to Manual and restores it afterwards");
        assertThat(harness.progress.only(EventType.FAILED).rolloutState()).isEqualTo(RolloutState.FAILED);
        assertThat(scaleSet.modelChanges()).isEmpty();
        assertThat(scaleSet.policyChanges()).isEmpty();
    }

    @Test
    void rollingPolicyIsRefusedToo() {
        harness.start(aScaleSet().withPolicy("Rolling"), aPlan().build());

        assertThat(harness.result().reason()).startsWith("refused: the scale set's upgrade policy is Rolling: "
                + "changing the model would start Azure's own rolling upgrade of every instance");
    }

    @Test
    void automaticPolicyIsSwitchedToManualForTheRolloutAndRestored() {
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic");
        harness.start(scaleSet, aPlan().allowingPolicySwitch().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(scaleSet.policyChanges()).containsExactly("Manual", "Automatic");
        assertThat(scaleSet.mostOutOfService()).isEqualTo(4);
        assertThat(harness.progress.types()).containsSubsequence(EventType.PREFLIGHT_PASSED, EventType.POLICY_SWITCHED,
                EventType.MODEL_UPDATED, EventType.POLICY_RESTORED, EventType.SUCCEEDED);
        assertThat(harness.progress.only(EventType.POLICY_SWITCHED).message())
                .isEqualTo("upgrade policy switched from Automatic to Manual for the rollout");
        assertThat(harness.progress.only(EventType.PREFLIGHT_PASSED).baseline().previousUpgradePolicy()).isEqualTo("Automatic");
    }

    @Test
    void switchedPolicyIsNotRestoredWhenACancelLeavesAMixedScaleSet() {
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic");
        harness.start(scaleSet, aPlan().allowingPolicySwitch().pausingBetweenWaves(Duration.ofHours(1)).build());
        harness.progress.awaitEvent(EventType.WAVE_COMPLETED);
        // Cancelled while no activity runs: a cancel crossing an activity's completion wedges the Java test server.
        harness.awaitNoActivityInFlight();
        harness.workflow().cancel(new OperatorCommand("gina", null));

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(scaleSet.policy()).isEqualTo("Manual");
        assertThat(scaleSet.policyChanges()).containsExactly("Manual");
        assertThat(scaleSet.upgradeCounts()).hasSize(4);
        assertThat(harness.progress.only(EventType.POLICY_NOT_RESTORED).message()).isEqualTo(
                "upgrade policy left at Manual instead of Automatic: 16 of 20 instances (instances 1, 2, 3, 4, 6, 7, 8, "
                        + "9, 11, 12 and 6 more) do not run the model's image " + FakeScaleSet.NEW + ", and Automatic "
                        + "would make Azure upgrade them all at once. Bring the scale set to one image (roll back or run a "
                        + "new rollout); once every instance runs it and is on the latest model, set the upgrade policy "
                        + "to Automatic");
        assertThat(harness.progress.types().subList(harness.progress.types().size() - 2, harness.progress.types().size()))
                .isEqualTo(List.of(EventType.POLICY_NOT_RESTORED, EventType.CANCELLED));
    }

    @Test
    void switchedPolicyIsRestoredAfterARollbackBringsEveryInstanceBack() {
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Rolling").unhealthyOn(FakeScaleSet.NEW, "7");
        harness.start(scaleSet, aPlan().allowingPolicySwitch().onFailure(dev.vmssrollout.model.FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(scaleSet.policyChanges()).containsExactly("Manual", "Rolling");
        // The model went to NEW and back: Azure counts update domains 3 and 4 off its latest model though they never
        // left OLD, so they are brought onto it one update domain at a time before Rolling could act on them.
        assertThat(harness.progress.only(EventType.POLICY_RESTORED).message()).isEqualTo("upgrade policy restored to "
                + "Rolling; first brought instances 3, 4, 8, 9, 13, 14, 18, 19, already on the model's image, onto its "
                + "latest model one update domain at a time");
        assertThat(scaleSet.mostUpdateDomainsOutOfService()).isOne();
    }
}
