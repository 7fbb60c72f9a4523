package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.DirectActions;
import dev.vmssrollout.workflows.InspectionRequest;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.ScaleSetInspectionWorkflow;
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetListRequest;
import dev.vmssrollout.workflows.ScaleSetListWorkflow;
import dev.vmssrollout.workflows.ScaleSetSummary;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An attacker with a raw Temporal client and no credentials, against the real worker, PostgreSQL
 * and the simulator (SECURITY.md, "the Temporal side door"): what it cannot make the worker do, and
 * exactly what it can under each setting of {@value DirectActions#VARIABLE}.
 */
class TemporalSideDoorTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @BeforeEach
    void start() {
        stack = new WorkerStack(database);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private static Plans planFor(ScaleSetKey key) {
        return Plans.aPlanFor(key);
    }

    /** The attacker's own stub: any workflow ID it likes, reuse allowed, its own input. */
    private RolloutWorkflow rawStart(String rolloutId, RolloutInput input) {
        RolloutWorkflow workflow = stack.client().newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.workflowId(rolloutId))
                .setTaskQueue(TaskQueues.ROLLOUTS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
        WorkflowClient.start(workflow::run, input);
        return workflow;
    }

    private static void assertRefused(RolloutWorkflow workflow, String reason) {
        assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(60, TimeUnit.SECONDS,
                Object.class)).isInstanceOf(WorkflowFailedException.class).rootCause().hasMessageContaining(reason);
    }

    @Test
    void aWorkflowForARolloutThatDoesNotExistNeverReachesAzure() {
        ScaleSetKey web = stack.scaleSet("nobody-asked", demoScaleSet());
        RolloutPlan plan = planFor(web).build().withDefaults();

        RolloutWorkflow forged = rawStart("no-such-rollout", new RolloutInput("no-such-rollout", plan, "mallory", false, false, null));

        assertRefused(forged, "there is no rollout no-such-rollout");
        assertThat(stack.report(web).armRequests()).isEmpty();
        assertThat(stack.store.find("no-such-rollout")).isEmpty();
    }

    @Test
    void aWorkflowStartedAgainUnderAnEndedRolloutsIdChangesNothing() throws Exception {
        ScaleSetKey web = stack.scaleSet("ended", demoScaleSet().capacity(5));
        String id = stack.submit(planFor(web).build(), "alice");
        // This test is about what happens after the end, not how fast a rollout gets there on a loaded machine.
        RolloutDetails done = stack.awaitRollout(id, Duration.ofMinutes(3), r -> r.state() == RolloutState.SUCCEEDED);
        stack.client().newUntypedWorkflowStub(TaskQueues.workflowId(id)).getResult(60, TimeUnit.SECONDS, Object.class);
        Map<String, Long> before = stack.report(web).armRequests();
        RolloutPlan same = done.plan();

        RolloutWorkflow forged = rawStart(id, new RolloutInput(id, same, "alice", false, false, null, null, "guessed-token"));

        assertRefused(forged, "has ended (SUCCEEDED)");
        assertThat(stack.report(web).armRequests()).isEqualTo(before);
        assertThat(stack.store.find(id).orElseThrow().events()).hasSize(done.events().size());
    }

    @Test
    void aScaleSetInspectionTheApiDidNotAskForReadsNothing() {
        ScaleSetKey web = stack.scaleSet("inspected", demoScaleSet());
        ScaleSetInspectionWorkflow inspection = stack.client().newWorkflowStub(ScaleSetInspectionWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId("inspect-" + UUID.randomUUID()).setTaskQueue(TaskQueues.ROLLOUTS)
                        .setWorkflowExecutionTimeout(Duration.ofSeconds(60)).build());

        assertThatThrownBy(() -> inspection.inspect(new InspectionRequest(WorkerStack.ref(web), null, UUID.randomUUID().toString())))
                .isInstanceOf(WorkflowFailedException.class).rootCause().hasMessageContaining("inspection refused");
        assertThat(stack.report(web).armRequests()).isEmpty();
    }

    @Test
    void aScaleSetListTheApiDidNotAskForListsNothing() {
        ScaleSetKey web = stack.scaleSet("listed-by-nobody", demoScaleSet());

        assertThatThrownBy(() -> listWorkflow().list(new ScaleSetListRequest(web.subscriptionId(), web.resourceGroup(),
                UUID.randomUUID().toString())))
                .isInstanceOf(WorkflowFailedException.class).rootCause().hasMessageContaining("listing refused");
        assertThat(stack.report(web).armRequests()).isEmpty();
    }

    @Test
    void aScaleSetListTheApiAskedForNamesTheScaleSetsAzureHoldsOnce() {
        ScaleSetKey web = stack.scaleSet("listed-web", demoScaleSet().capacity(3));
        String requestId = UUID.randomUUID().toString();
        ScaleSetListRequest request = new ScaleSetListRequest(web.subscriptionId(), web.resourceGroup(), requestId);
        stack.store.recordRequest(new ApiRequest(requestId, ApiRequest.LIST_SCALE_SETS, request.subject(), "alice"));

        ScaleSetList list = listWorkflow().list(request);

        assertThat(list.refusal()).isNull();
        ScaleSetSummary listed = list.scaleSets().stream().filter(s -> s.scaleSet().name().equals("listed-web"))
                .findFirst().orElseThrow();
        assertThat(listed.scaleSet()).isEqualTo(WorkerStack.ref(web));
        assertThat(listed.capacity()).isEqualTo(3);
        assertThat(listed.upgradePolicy()).isEqualTo("Manual");
        assertThat(listed.image().version()).isEqualTo(WorkerStack.CURRENT.version());
        assertThatThrownBy(() -> listWorkflow().list(request)).as("a request is used once")
                .isInstanceOf(WorkflowFailedException.class).rootCause().hasMessageContaining("was used before");
    }

    private ScaleSetListWorkflow listWorkflow() {
        return stack.client().newWorkflowStub(ScaleSetListWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId("list-" + UUID.randomUUID()).setTaskQueue(TaskQueues.ROLLOUTS)
                .setWorkflowExecutionTimeout(Duration.ofSeconds(60)).build());
    }

    @Test
    void byDefaultDirectApprovalsAndActionsAreRefusedVisibly() {
        ScaleSetKey web = stack.scaleSet("refused", demoScaleSet());
        String id = stack.submit(planFor(web).withApproval(ApprovalMode.FIRST_WAVE).build(), "alice");
        stack.awaitState(id, RolloutState.WAITING_FOR_APPROVAL);
        RolloutWorkflow raw = stack.client().newWorkflowStub(RolloutWorkflow.class, TaskQueues.workflowId(id));

        assertThatThrownBy(() -> raw.approve(new ApproveWave("mallory", 0, "lgtm")))
                .isInstanceOf(WorkflowUpdateException.class).rootCause()
                .hasMessageContaining("arrived through Temporal directly");
        raw.cancel(new OperatorCommand("nobody-at-all", null, "forged-" + UUID.randomUUID()));

        RolloutDetails after = stack.awaitRollout(id, r -> r.events().stream()
                .filter(e -> e.type() == EventType.OPERATOR_ACTION_REFUSED).count() == 2);
        assertThat(after.state()).isEqualTo(RolloutState.WAITING_FOR_APPROVAL);
        assertThat(after.events()).extracting(EventRecord::type)
                .doesNotContain(EventType.APPROVED, EventType.CANCEL_REQUESTED);
        assertThat(after.approvals()).isEmpty();
        // What the Temporal UI shows as the workflow's current details names the last refusal and why.
        WorkflowStub untyped = stack.client().newUntypedWorkflowStub(TaskQueues.workflowId(id));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                untyped.query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails())
                .startsWith("wave 1/")
                .contains("(last refused: cancel from nobody-at-all: it arrived through Temporal directly"));
    }

    @Test
    void whenAcceptedDirectApprovalsAreRecordedWithTheirChannelAndFourEyesStillHolds() {
        stack.killWorker();
        stack.startWorker(DirectActions.ACCEPT);
        ScaleSetKey web = stack.scaleSet("accepted", demoScaleSet());
        String id = stack.submit(planFor(web).withApproval(ApprovalMode.FIRST_WAVE).build(), "alice");
        stack.awaitState(id, RolloutState.WAITING_FOR_APPROVAL);
        RolloutWorkflow raw = stack.client().newWorkflowStub(RolloutWorkflow.class, TaskQueues.workflowId(id));

        for (String disguise : new String[] {"alice ", "ALICE", "\uFF41\uFF4C\uFF49\uFF43\uFF45"}) {
            assertThatThrownBy(() -> raw.approve(new ApproveWave(disguise, 0, null)))
                    .as(disguise).isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("four-eyes");
        }
        raw.approve(new ApproveWave("mallory", 0, "from the Temporal UI"));

        RolloutDetails after = stack.awaitRollout(id, r -> !r.approvals().isEmpty());
        assertThat(after.approvals()).singleElement()
                .satisfies(approval -> assertThat(approval.approver()).isEqualTo("mallory (via Temporal)"));
    }
}
