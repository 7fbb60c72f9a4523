package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops in the middle of a wave and comes back: the rollout only waits (the progress activity retries
 * with backoff, and no wave starts before its start is recorded), then completes with every invariant intact.
 * The default suite takes the database away for 10 s; the soak variant for the full 30 s.
 */
class DatabaseOutageTest {

    private RestartablePostgres postgres;
    private ReliabilityStack stack;

    @BeforeEach
    void start() {
        postgres = RestartablePostgres.startMigrated();
        stack = new ReliabilityStack(postgres.dataSource(), settings -> settings);
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        postgres.close();
    }

    @Test
    void aTenSecondDatabaseOutageMidWaveOnlyDelaysTheRollout() throws Exception {
        survivesOutage(Duration.ofSeconds(10));
    }

    @Test
    @Tag("soak")
    void aThirtySecondDatabaseOutageMidWaveOnlyDelaysTheRollout() throws Exception {
        survivesOutage(Duration.ofSeconds(30));
    }

    private void survivesOutage(Duration outage) throws Exception {
        // Waves of 2 s: manualupgrade returns at once, so UPGRADING lasts milliseconds and VERIFYING the rest of
        // the wave; the outage starts when wave 2 is in flight, in either state.
        ScaleSetKey web = stack.scaleSet("outage", ReliabilityStack.scaleSetOf(20, 1500, 500));
        Instant submitted = Instant.now();
        String id = stack.submit(new RolloutPlan(ReliabilityStack.ref(web),
                ImageChange.toVersion(ReliabilityStack.NEXT_VERSION), Strategy.byUpdateDomain(), ApprovalMode.NONE,
                new HealthPolicy(Duration.ofMinutes(2), Duration.ZERO, 0), FailurePolicy.PAUSE, false), "alice");
        RolloutDetails before = stack.awaitRollout(id, Duration.ofSeconds(60),
                r -> r.waves().size() == 5 && (r.waves().get(1).state() == WaveState.UPGRADING
                        || r.waves().get(1).state() == WaveState.VERIFYING));

        postgres.stop();
        Instant down = Instant.now();
        Thread.sleep(outage.toMillis());
        assertThat(stack.report(web).upgradeCounts().values().stream().mapToInt(Integer::intValue).sum())
                .as("no wave starts while its start cannot be recorded").isLessThanOrEqualTo(8);
        assertThat(workflowStatus(id)).as("the workflow waits for the database, it does not fail")
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        postgres.start();
        Instant up = Instant.now();

        RolloutDetails after = stack.awaitRollout(id, Duration.ofSeconds(90), r -> r.lastSeq() > before.lastSeq());
        Duration resumedAfter = Duration.between(up, Instant.now());
        RolloutDetails done = stack.awaitState(id, RolloutState.SUCCEEDED, outage.plus(Duration.ofSeconds(120)));

        stack.invariants(id, web).assertHold();
        System.out.println("[reliability] database outage: PostgreSQL down " + Duration.between(down, up).toMillis()
                + " ms during wave 2 of 5; first event recorded " + resumedAfter.toMillis() + " ms after it was back; "
                + "rollout took " + Duration.between(submitted, done.updatedAt()).toSeconds() + " s; "
                + done.events().size() + " events, invariant violations 0");
    }

    private WorkflowExecutionStatus workflowStatus(String rolloutId) {
        return stack.client().getWorkflowServiceStubs().blockingStub()
                .describeWorkflowExecution(io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                .setWorkflowId(TaskQueues.workflowId(rolloutId)))
                        .build())
                .getWorkflowExecutionInfo().getStatus();
    }
}
