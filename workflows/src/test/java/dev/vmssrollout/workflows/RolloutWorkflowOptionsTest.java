package dev.vmssrollout.workflows;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutWorkflowOptionsTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aRolloutRunsOnceUnderAnIdDerivedFromItsRolloutId() {
        RolloutPlan plan = aPlan().withApproval(ApprovalMode.FIRST_WAVE).build();

        WorkflowOptions options = RolloutWorkflowOptions.forRollout("r-42", plan, false);

        assertThat(options.getWorkflowId()).isEqualTo("rollout-r-42");
        assertThat(options.getTaskQueue()).isEqualTo(TaskQueues.ROLLOUTS);
        assertThat(options.getWorkflowIdConflictPolicy()).isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
        assertThat(options.getWorkflowIdReusePolicy()).isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
        assertThat(options.getStaticSummary()).isEqualTo("Upgrade demo-rg/web to version 24.04.202410010");
        assertThat(options.getStaticDetails()).contains("**Rollout r-42**", "- approval: FIRST_WAVE",
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/"
                        + "Microsoft.Compute/virtualMachineScaleSets/web");
        assertThat(options.getTypedSearchAttributes()).isNull();
    }

    @Test
    void recoveryMayOnlyReplaceARunThatDidNotComplete() {
        WorkflowOptions options = RolloutWorkflowOptions.forRecovery("r-42", aPlan().build(), false);

        assertThat(options.getWorkflowIdReusePolicy())
                .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);
        assertThat(options.getWorkflowId()).isEqualTo("rollout-r-42");
    }

    @Test
    void searchAttributesStartPendingAndFollowTheRolloutState() {
        RolloutPlan plan = aPlan().build();
        assertThat(RolloutWorkflowOptions.forRollout("r-1", plan, true).getTypedSearchAttributes().get(
                RolloutSearchAttributes.ROLLOUT_STATE)).isEqualTo("PENDING");
        harness.start(aScaleSet(), new RolloutInput(RolloutHarness.ROLLOUT_ID, plan, RolloutHarness.SUBMITTER, false, true, null));

        harness.result();

        WorkflowExecutionDescription description = harness.stub().describe();
        SearchAttributes attributes = description.getTypedSearchAttributes();
        assertThat(attributes.get(RolloutSearchAttributes.ROLLOUT_ID)).isEqualTo("r-1");
        assertThat(attributes.get(RolloutSearchAttributes.SCALE_SET)).isEqualTo("demo-rg/web");
        assertThat(attributes.get(RolloutSearchAttributes.ROLLOUT_STATE)).isEqualTo(RolloutState.SUCCEEDED.name());
    }

    @Test
    void aSecondStartOfTheSameRolloutIsRefused() {
        RolloutPlan plan = aPlan().build();
        harness.start(aScaleSet(), plan);
        harness.result();

        RolloutWorkflow again = harness.client().newWorkflowStub(RolloutWorkflow.class,
                RolloutWorkflowOptions.forRollout(RolloutHarness.ROLLOUT_ID, plan, false));
        assertThatThrownBy(() -> WorkflowClient.start(again::run,
                new RolloutInput(RolloutHarness.ROLLOUT_ID, plan, RolloutHarness.SUBMITTER, true, false, null)))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    }
}
