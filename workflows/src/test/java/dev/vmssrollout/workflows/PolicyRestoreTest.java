package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, scenario 8: the switched policy is restored when every instance runs the model's
 * image, including instances Azure marks off the latest model without an image change, and never
 * in a way that makes Azure upgrade many instances at once.
 */
class PolicyRestoreTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void scenario8PolicyIsRestoredWhenSkippedInstancesAlreadyRanTheTarget() {
        // Instance 3 already runs NEW: skipped, and marked off the latest model by the model update.
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic").running(NEW, "3");
        harness.start(scaleSet, aPlan().allowingPolicySwitch().build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.types()).contains(EventType.POLICY_RESTORED).doesNotContain(EventType.POLICY_NOT_RESTORED);
        assertThat(scaleSet.policy()).isEqualTo("Automatic");
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.latestModelApplied(id)).isTrue());
        assertThat(scaleSet.mostUpdateDomainsOutOfService()).isOne();
    }

    @Test
    void scenario8PolicyIsRestoredAfterAPartialRollbackWithoutUpgradingUntouchedWavesAtOnce() {
        // Wave 3 fails; waves 4 and 5 never started, yet the two model changes marked them off the latest model.
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic").unhealthyOn(NEW, "7");
        harness.start(scaleSet, aPlan().allowingPolicySwitch().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(harness.progress.types()).contains(EventType.POLICY_RESTORED);
        assertThat(scaleSet.policy()).isEqualTo("Automatic");
        assertThat(scaleSet.mostUpdateDomainsOutOfService()).as("never more than one update domain at once").isOne();
    }

    @Test
    void scenario8NeverAdvisesAutomaticWhileAzureWouldUpgradeInstancesAtOnce() {
        // Instance 7 fails every upgrade: it cannot be brought onto the latest model, so Automatic would upgrade it.
        FakeScaleSet scaleSet = aScaleSet().withPolicy("Automatic").failingEveryUpgradeOf("7");
        harness.start(scaleSet, aPlan().allowingPolicySwitch().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(scaleSet.policy()).isEqualTo("Manual");
        String notRestored = harness.progress.only(EventType.POLICY_NOT_RESTORED).message();
        assertThat(notRestored).contains("instance 7").contains("would upgrade")
                .doesNotContain("do not run the model's image");
        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
    }
}
