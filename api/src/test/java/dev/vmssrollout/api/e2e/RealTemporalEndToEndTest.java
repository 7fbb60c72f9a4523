package dev.vmssrollout.api.e2e;

import dev.vmssrollout.api.reconciler.Reconciler;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.RolloutSearchAttributes;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowExecutionMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What only the real Temporal server supports: visibility queries by the rollouts' search attributes, and a restart
 * of Temporal that loses nothing because its SQLite file is kept. Skipped without the Temporal CLI, failed in CI.
 */
class RealTemporalEndToEndTest extends EndToEndTestSupport {

    @Autowired
    Reconciler reconciler;

    @BeforeEach
    void needsTheRealServer() {
        TestTemporal.assumeReal(LocalStack.get().realTemporal());
    }

    @Test
    void rolloutsAreFoundInTemporalVisibilityByScaleSetRolloutIdAndCurrentState() throws Exception {
        LocalStack.get().scaleSet("e2e-visible-a", 5, 50, 30);
        LocalStack.get().scaleSet("e2e-visible-b", 5, 50, 30);
        String a = read(submit("alice", body("e2e-visible-a", "")).getResponse().getContentAsString(), "$.id");
        String b = read(submit("alice", body("e2e-visible-b", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}"))
                .getResponse().getContentAsString(), "$.id");
        awaitState(a, "SUCCEEDED");
        awaitState(b, "WAITING_FOR_APPROVAL");

        String scaleSetA = LocalStack.RESOURCE_GROUP + "/e2e-visible-a";
        assertThat(awaitListed("ScaleSet = '" + scaleSetA + "'", 1)).containsExactly(TaskQueues.workflowId(a));
        assertThat(awaitListed("RolloutId = '" + b + "'", 1)).containsExactly(TaskQueues.workflowId(b));
        // The state attribute follows the rollout: the one waiting is found by its wait, the other by its end.
        assertThat(awaitListed("RolloutState = 'WAITING_FOR_APPROVAL' AND ScaleSet = '"
                + LocalStack.RESOURCE_GROUP + "/e2e-visible-b'", 1)).containsExactly(TaskQueues.workflowId(b));
        assertThat(awaitListed("RolloutState = 'SUCCEEDED' AND RolloutId = '" + a + "'", 1))
                .containsExactly(TaskQueues.workflowId(a));
        WorkflowExecutionMetadata described = LocalStack.get().client.listExecutions("RolloutId = '" + a + "'")
                .findFirst().orElseThrow();
        assertThat(described.getTypedSearchAttributes().get(RolloutSearchAttributes.SCALE_SET)).isEqualTo(scaleSetA);
    }

    @Test
    void aRolloutCarriesOnInTemporalItselfWhenTheDevServerRestartsOnItsDatabase() throws Exception {
        LocalStack.get().scaleSet("e2e-sqlite-kept", 20, 400, 100);
        String id = read(submit("alice", body("e2e-sqlite-kept", "")).getResponse().getContentAsString(), "$.id");
        awaitRollout(id, json -> ((List<?>) read(json, "$.waves[?(@.state == 'SUCCEEDED')]")).size() >= 1);

        LocalStack.get().restartTemporalKeepingItsDatabase();
        LocalStack.get().restartWorker();
        assertThat(reconciler.reconcile().started()).as("Temporal still has the workflow: nothing to recover")
                .doesNotContain(id);

        String done = awaitState(id, "SUCCEEDED");
        assertThat((List<String>) read(done, "$.events[*].type")).doesNotContain("RECOVERED");
        assertThat((List<String>) read(done, "$.waves[*].state")).containsOnly("SUCCEEDED");
        ScaleSetKey key = ScaleSetKey.of(LocalStack.SUBSCRIPTION, LocalStack.RESOURCE_GROUP, "e2e-sqlite-kept");
        assertThat(LocalStack.get().report(key).upgradeCounts()).hasSize(20)
                .allSatisfy((instance, count) -> assertThat(count).as("instance %s", instance).isEqualTo(1));
    }

    /** Visibility is eventually consistent: waits until the query returns {@code count} workflows. */
    private static List<String> awaitListed(String query, int count) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var stub = LocalStack.get().client.getWorkflowServiceStubs().blockingStub();
            return stub.listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder().setNamespace("default")
                    .setQuery(query).build()).getExecutionsList().stream()
                    .map(WorkflowExecutionInfo::getExecution).map(e -> e.getWorkflowId()).toList();
        }, ids -> ids.size() == count);
    }
}
