package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import io.temporal.client.WorkflowUpdateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.vmssrollout.model.progress.EventType.WAITING_FOR_APPROVAL;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalTest {

    private final RolloutHarness harness = new RolloutHarness();
    private RolloutWorkflow rollout;

    @BeforeEach
    void startRolloutWaitingForItsFirstApproval() {
        rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(WAITING_FOR_APPROVAL);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void rejectsAnUnknownWave() {
        assertThatThrownBy(() -> rollout.approve(new ApproveWave("bob", 7, null)))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause().hasMessageContaining("there is no wave 8: rollout r-1 has 5 waves, numbered 1 to 5");
    }

    @Test
    void rejectsAWaveThatIsNotYetWaiting() {
        assertThatThrownBy(() -> rollout.approve(new ApproveWave("bob", 1, null)))
                .rootCause().hasMessageContaining("wave 2/5 is not waiting for approval; wave 1/5 is");
    }

    @Test
    void rejectsAWaveThatIsAlreadyApproved() {
        rollout.approve(new ApproveWave("bob", 0, null));

        assertThatThrownBy(() -> rollout.approve(new ApproveWave("carol", 0, null)))
                .rootCause().hasMessageContaining("wave 1/5 is already approved");
        assertThat(harness.progress.ofType(EventType.APPROVED)).hasSize(1);
    }

    @Test
    void fourEyesRejectsTheSubmitterWhateverTheCase() {
        assertThatThrownBy(() -> rollout.approve(new ApproveWave("ALICE", 0, null)))
                .rootCause().hasMessageContaining(
                        "four-eyes: alice submitted this rollout and cannot approve it; another approver must");

        assertThat(rollout.progress().state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(harness.progress.ofType(EventType.APPROVED)).isEmpty();
    }

    @Test
    void anotherApproverLetsTheWaveStart() {
        RolloutProgress afterApproval = rollout.approve(new ApproveWave("bob", 0, "looks good"));

        assertThat(afterApproval.waitingForApprovalWave()).isNull();
        harness.progress.awaitEvent(WAITING_FOR_APPROVAL, 2);
        assertThat(harness.progress.ofType(EventType.WAVE_COMPLETED)).hasSize(1);
        assertThat(harness.progress.only(EventType.APPROVED).actor()).isEqualTo("bob");
    }

    @Test
    void anInvalidApprovalSignalIsIgnoredAndAValidOneIsRecorded() {
        rollout.approveSignal(new ApproveWave("alice", 0, null));
        rollout.approveSignal(new ApproveWave("bob", 3, null));
        rollout.approveSignal(new ApproveWave("bob", 0, "by signal"));

        harness.progress.awaitEvent(WAITING_FOR_APPROVAL, 2);
        assertThat(harness.progress.ofType(EventType.APPROVED))
                .singleElement()
                .satisfies(approved -> assertThat(approved.message()).isEqualTo("wave 1/5 approved by bob: by signal"));
    }

    /** Soak seed 20261204341: CANCELLED, yet the log ended with APPROVED recorded after it. */
    @Test
    void anApprovalHeldAtTheGateIsRefusedWhenACancelEndedTheRolloutMeanwhile() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        harness.guard.holdingTheNextApproval(arrived, released);
        CompletableFuture<RolloutProgress> approval =
                CompletableFuture.supplyAsync(() -> rollout.approve(new ApproveWave("bob", 0, null)));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        rollout.cancel(new OperatorCommand("carol", "not today"));
        harness.progress.awaitEvent(EventType.CANCELLED);
        released.countDown();

        assertThatThrownBy(approval::join).rootCause().hasMessageContaining("has ended (CANCELLED)");
        assertThat(harness.progress.ofType(EventType.APPROVED)).isEmpty();
        assertThat(harness.result().state()).isEqualTo(RolloutState.CANCELLED);
    }
}
