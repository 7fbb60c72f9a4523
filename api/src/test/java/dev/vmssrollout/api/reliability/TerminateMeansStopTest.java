package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.api.reconciler.Reconciler;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.api.temporal.WorkflowStatus;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, scenario 1: an operator who terminates a rollout's workflow in Temporal (UI or CLI) wants it stopped. The
 * reconciler does not start it again; the rollout ends TERMINATED, naming who terminated it and why, with the census
 * of what the instances run.
 */
class TerminateMeansStopTest extends ReliabilitySupport {

    @Autowired
    Reconciler reconciler;

    @Autowired
    RolloutWorkflows temporal;

    @Test
    void terminateMeansStop() throws Exception {
        ScaleSetKey key = LocalStack.get().scaleSet("rel-terminate", 8, 4_000, 500);
        String id = created(api.post("alice", "/api/v1/rollouts", body("rel-terminate", "")));
        // The first wave's manualupgrade was sent: its instances are mid-upgrade when the operator pulls the plug.
        awaitRollout(id, json -> "VERIFYING".equals(waveState(json, 0)));

        WorkflowClient cli = WorkflowClient.newInstance(LocalStack.get().client.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder(LocalStack.get().client.getOptions()).setIdentity("carol@temporal-cli").build());
        cli.newUntypedWorkflowStub(TaskQueues.workflowId(id), Optional.empty(), Optional.empty())
                .terminate("bad image, stop now");

        assertThat(reconciler.reconcile().started()).as("a terminated workflow is not resurrected").doesNotContain(id);
        RolloutDetails terminated = await().atMost(Duration.ofSeconds(60))
                .until(() -> store.find(id).orElseThrow(), r -> r.state() == RolloutState.TERMINATED);

        assertThat(temporal.status(id)).isEqualTo(WorkflowStatus.TERMINATED);
        assertThat(reconciler.reconcile().started()).doesNotContain(id);
        EventRecord last = terminated.events().get(terminated.events().size() - 1);
        assertThat(last.type()).isEqualTo(EventType.TERMINATED);
        assertThat(last.actor()).isEqualTo("carol@temporal-cli");
        assertThat(terminated.stateReason()).contains("carol@temporal-cli", "bad image, stop now", "instances run");
        WaveDetails inFlight = terminated.waves().get(0);
        assertThat(inFlight.state()).isEqualTo(WaveState.CANCELLED);
        Map<String, Integer> upgrades = LocalStack.get().report(key).upgradeCounts();
        assertThat(inFlight.instances()).as("recorded as the census found them, never healthy unless upgraded")
                .allSatisfy(i -> assertThat(i.state()).isIn(InstanceState.HEALTHY, InstanceState.UNHEALTHY,
                        InstanceState.UPGRADING, InstanceState.PENDING))
                .allSatisfy(i -> assertThat(upgrades.getOrDefault(i.instanceId(), 0))
                        .as("upgrades of instance %s, recorded %s", i.instanceId(), i.state())
                        .isEqualTo(i.state() == InstanceState.PENDING ? 0 : 1));
        assertThat(terminated.waves().subList(1, terminated.waves().size()))
                .as("nothing ran after the termination")
                .allSatisfy(w -> w.instances().forEach(i -> assertThat(upgrades.get(i.instanceId())).isZero()));
    }
}
