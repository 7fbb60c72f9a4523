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

    /**
     * docs/temporal.md's commands, run with the real {@code temporal} CLI as a person would: the progress query, an
     * approval through the {@code approve} update (validated: the submitter's own approval is refused with the
     * reason), and another person's approval by update and by {@code approveSignal} (the signal the Temporal UI's
     * "Send a signal" form sends) refused as SECURITY.md says for the default setting.
     */
    @Test
    void operatorsQueryAndApproveFromTheTemporalCliWithTheDocumentedCommands() throws Exception {
        LocalStack.get().scaleSet("e2e-temporal-cli", 5, 50, 30);
        String id = read(submit("alice", body("e2e-temporal-cli", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}"))
                .getResponse().getContentAsString(), "$.id");
        String workflow = TaskQueues.workflowId(id);
        awaitRollout(id, json -> Integer.valueOf(0).equals(read(json, "$.waitingForApprovalWave")));

        CliRun progress = temporal("workflow", "query", "--workflow-id", workflow, "--name", "progress");
        assertThat(progress.exitCode()).as(progress.output()).isZero();
        assertThat(progress.output()).contains("WAITING_FOR_APPROVAL");
        CliRun described = temporal("workflow", "describe", "--workflow-id", workflow);
        assertThat(described.output()).as("the static summary").contains("Upgrade " + LocalStack.RESOURCE_GROUP
                + "/e2e-temporal-cli");

        CliRun ownApproval = temporal("workflow", "update", "execute", "--workflow-id", workflow, "--name", "approve",
                "--input", "{\"approver\": \"alice\", \"wave\": 0, \"comment\": \"my own\"}");
        assertThat(ownApproval.exitCode()).as("four eyes: the submitter's approval is refused").isNotZero();
        assertThat(ownApproval.output()).contains("alice");

        // SECURITY.md: an approval sent straight to Temporal carries only a claimed name; by default
        // (VMSS_TEMPORAL_DIRECT_ACTIONS=refuse) the worker refuses it, visibly, and the rollout still waits.
        CliRun update = temporal("workflow", "update", "execute", "--workflow-id", workflow, "--name", "approve",
                "--input", "{\"approver\": \"bob\", \"wave\": 0, \"comment\": \"canary from the CLI\"}");
        assertThat(update.exitCode()).as("a direct approval is refused by default").isNotZero();
        assertThat(update.output()).contains("arrived through Temporal directly");
        CliRun signal = temporal("workflow", "signal", "--workflow-id", workflow, "--name", "approveSignal",
                "--input", "{\"approver\": \"bob\", \"wave\": 0, \"comment\": \"canary from the UI's form\"}");
        assertThat(signal.exitCode()).as("the signal is delivered; the workflow refuses it").isZero();

        String refused = awaitRollout(id, json -> ((List<?>) read(json, "$.events[?(@.type == 'OPERATOR_ACTION_REFUSED')]"))
                .size() == 2);
        assertThat((String) read(refused, "$.state")).isEqualTo("WAITING_FOR_APPROVAL");
        assertThat((List<?>) read(refused, "$.approvals")).isEmpty();
        assertThat((List<String>) read(refused, "$.events[?(@.type == 'OPERATOR_ACTION_REFUSED')].message"))
                .allSatisfy(message -> assertThat(message).startsWith("approve from bob refused: it arrived through Temporal directly"));
    }

    record CliRun(int exitCode, String output) {
    }

    private static CliRun temporal(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(TestTemporal.cliOrFallback().orElseThrow().toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--address", "127.0.0.1:" + LocalStack.get().temporalPort, "--namespace", "default"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("temporal %s", command).isTrue();
        return new CliRun(process.exitValue(), output);
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
