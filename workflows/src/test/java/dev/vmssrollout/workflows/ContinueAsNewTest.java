package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import io.temporal.workflow.WorkflowInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

class ContinueAsNewTest {

    /** The production workflow, told to hand over to a new run at every chance it gets. */
    public static class EagerlyContinuingRolloutWorkflow extends RolloutWorkflowImpl {

        @WorkflowInit
        public EagerlyContinuingRolloutWorkflow(RolloutInput input) {
            super(input, () -> true);
        }
    }

    private final RolloutHarness harness = new RolloutHarness(EagerlyContinuingRolloutWorkflow.class);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void continuesAsNewBetweenWavesWithoutLosingOrRepeatingProgress() {
        FakeScaleSet scaleSet = aScaleSet();
        harness.start(scaleSet, aPlan().build());
        String firstRun = harness.stub().getExecution().getRunId();

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        RecordedProgress progress = harness.progress;
        assertThat(progress.seqs()).containsExactlyElementsOf(
                LongStream.rangeClosed(2, progress.events().size() + 1).boxed().toList());
        assertThat(progress.types()).doesNotContain(EventType.RECOVERED, EventType.MODEL_ALREADY_CURRENT)
                .containsOnlyOnce(EventType.PREFLIGHT_PASSED, EventType.WAVES_PLANNED, EventType.MODEL_UPDATED);
        assertThat(progress.ofType(EventType.WAVE_STARTED)).extracting(ProgressEvent::wave).containsExactly(0, 1, 2, 3, 4);
        assertThat(scaleSet.upgradeCounts()).hasSize(20).allSatisfy((id, times) -> assertThat(times).isOne());
        assertThat(result.lastSeq()).isEqualTo(progress.last().seq());
        assertThat(harness.client().fetchHistory(harness.stub().getExecution().getWorkflowId(), firstRun)
                .getLastEvent().getEventType())
                .isEqualTo(io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    }

    @Test
    void theNextRunAnswersQueriesAndApprovals() {
        RolloutWorkflow rollout = harness.start(aScaleSet(), aPlan().withApproval(ApprovalMode.FIRST_WAVE).build());
        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL);
        rollout.approve(new ApproveWave("bob", 0, null));

        harness.progress.awaitEvent(EventType.WAITING_FOR_APPROVAL, 2);
        RolloutProgress waiting = rollout.progress();
        assertThat(waiting.waitingForApprovalWave()).isOne();
        assertThat(waiting.waves().get(0).state()).isEqualTo(dev.vmssrollout.model.WaveState.SUCCEEDED);
        rollout.approve(new ApproveWave("bob", 1, null));

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(EventType.APPROVED)).hasSize(2);
    }
}
