package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.vmssrollout.model.progress.EventType.WAITING_FOR_APPROVAL;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow's own checks against requests that reach it through Temporal, not the API (SECURITY.md). */
class SideDoorTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aRunWhoseClaimIsRefusedNeitherTouchesAzureNorRecordsAnything() {
        harness.guard.refusingClaims("rollout r-1 has ended (SUCCEEDED); a workflow cannot start it again");
        FakeScaleSet scaleSet = aScaleSet();
        harness.start(scaleSet, aPlan().build());

        assertThatThrownBy(harness::result).isInstanceOf(WorkflowFailedException.class)
                .rootCause().isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("has ended (SUCCEEDED)");
        assertThat(scaleSet.modelChanges()).isEmpty();
        assertThat(scaleSet.upgradeCalls()).isEmpty();
        assertThat(scaleSet.policyChanges()).isEmpty();
        assertThat(harness.progress.events()).isEmpty();
        assertThat(harness.guard.claims()).singleElement()
                .satisfies(claim -> assertThat(claim.rolloutId()).isEqualTo(RolloutHarness.ROLLOUT_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice ", "ALICE", " Alice\t", "\uFF21\uFF2C\uFF29\uFF23\uFF25", "al\u200Bice"})
    void theSubmitterCannotApproveUnderADisguisedName(String disguise) {
        RolloutWorkflow rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(WAITING_FOR_APPROVAL);

        assertThatThrownBy(() -> rollout.approve(new ApproveWave(disguise, 0, null)))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause().hasMessageContaining("four-eyes: alice submitted this rollout");
        rollout.approveSignal(new ApproveWave(disguise, 0, "by signal"));

        assertThat(rollout.progress().state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(harness.progress.ofType(EventType.APPROVED)).isEmpty();
    }

    @Test
    void aDirectActionRefusedByTheWorkerIsVisibleAndChangesNothing() {
        harness.guard.answeringActions(new ChannelVerdict(ChannelVerdict.TEMPORAL, "it arrived through Temporal directly"));
        RolloutWorkflow rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(WAITING_FOR_APPROVAL);

        assertThatThrownBy(() -> rollout.approve(new ApproveWave("mallory", 0, null)))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause().hasMessageContaining("approval refused: it arrived through Temporal directly");
        rollout.cancel(new OperatorCommand("nobody-at-all", "because I can"));
        harness.progress.awaitEvent(EventType.OPERATOR_ACTION_REFUSED, 2);

        assertThat(harness.progress.ofType(EventType.OPERATOR_ACTION_REFUSED))
                .extracting(e -> e.message())
                .containsExactly("approve from mallory refused: it arrived through Temporal directly",
                        "cancel from nobody-at-all refused: it arrived through Temporal directly");
        assertThat(rollout.progress().state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(harness.progress.ofType(EventType.APPROVED)).isEmpty();
        assertThat(harness.progress.ofType(EventType.CANCEL_REQUESTED)).isEmpty();
    }

    @Test
    void aDirectActionAcceptedByTheWorkerIsRecordedWithItsChannel() {
        harness.guard.answeringActions(new ChannelVerdict(ChannelVerdict.TEMPORAL, null));
        RolloutWorkflow rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(WAITING_FOR_APPROVAL);

        assertThatThrownBy(() -> rollout.approve(new ApproveWave("alice ", 0, null)))
                .rootCause().hasMessageContaining("four-eyes");
        rollout.approve(new ApproveWave("bob", 0, "from the Temporal UI"));

        assertThat(harness.progress.only(EventType.APPROVED).actor()).isEqualTo("bob (via Temporal)");
    }
}
