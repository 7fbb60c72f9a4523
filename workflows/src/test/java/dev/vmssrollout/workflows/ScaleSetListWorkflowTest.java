package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ScaleSetRef;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scale set picker's workflow: the guard first, then one list; Azure's refusal is an answer, not a failure. */
class ScaleSetListWorkflowTest {

    private static final ScaleSetSummary WEB = new ScaleSetSummary(new ScaleSetRef("sub", "rg", "web"), "westeurope",
            3, "Manual", Image.platform("Canonical", "ubuntu-24_04-lts", "server", "1.0.0"), Map.of("env", "prod"));

    private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    private final RecordedGuard guard = new RecordedGuard();
    private final List<String> listed = new ArrayList<>();
    private RuntimeException azureRefusal;
    private List<ScaleSetSummary> answer = List.of(WEB);

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void aRequestTheApiMadeListsTheResourceGroupOnce() {
        ScaleSetList list = run(new ScaleSetListRequest("sub", "rg", "request-1"));

        assertThat(list.refusal()).isNull();
        assertThat(list.scaleSets()).containsExactly(WEB);
        assertThat(list.truncated()).isFalse();
        assertThat(listed).containsExactly("sub/rg");
    }

    @Test
    void moreScaleSetsThanTheListHoldsAreCutAndSaySo() {
        answer = java.util.Collections.nCopies(ScaleSetList.MAX_SCALE_SETS + 1, WEB);

        ScaleSetList list = run(new ScaleSetListRequest("sub", null, "request-3"));

        assertThat(list.scaleSets()).hasSize(ScaleSetList.MAX_SCALE_SETS);
        assertThat(list.truncated()).isTrue();
    }

    @Test
    void aRequestTheGuardRefusesNeverReachesAzure() {
        guard.refusingScaleSetLists("it names no request the API made");

        assertThatThrownBy(() -> run(new ScaleSetListRequest("sub", null, null)))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("listing refused: it names no request the API made");
        assertThat(listed).isEmpty();
    }

    @Test
    void azureRefusingForAReasonTheUserCanFixIsTheAnswer() {
        azureRefusal = ApplicationFailure.newBuilder().setType(RolloutFailure.SCALE_SET_NOT_FOUND.name())
                .setMessage("Azure answered 404 ResourceGroupNotFound").setNonRetryable(true)
                .setCategory(ApplicationErrorCategory.BENIGN).build();

        ScaleSetList list = run(new ScaleSetListRequest("sub", "missing-rg", "request-2"));

        assertThat(list.scaleSets()).isEmpty();
        assertThat(list.refusal()).isEqualTo(new ScaleSetInspection.Refusal(RolloutFailure.SCALE_SET_NOT_FOUND.name(),
                "Azure answered 404 ResourceGroupNotFound"));
        assertThat(listed).hasSize(1);
    }

    private ScaleSetList run(ScaleSetListRequest request) {
        Worker worker = env.newWorker(TaskQueues.ROLLOUTS);
        worker.registerWorkflowImplementationTypes(ScaleSetListWorkflowImpl.class);
        worker.registerActivitiesImplementations(guard, new ScaleSetListActivities() {
            @Override
            public List<ScaleSetSummary> listScaleSets(String subscriptionId, String resourceGroup) {
                listed.add(subscriptionId + "/" + resourceGroup);
                if (azureRefusal != null) {
                    throw azureRefusal;
                }
                return answer;
            }
        });
        env.start();
        return env.getWorkflowClient().newWorkflowStub(ScaleSetListWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.ROLLOUTS).build()).list(request);
    }
}
