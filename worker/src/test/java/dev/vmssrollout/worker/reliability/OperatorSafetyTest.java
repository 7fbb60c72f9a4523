package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.OperatorCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's operator-safety scenarios, each against the simulator, PostgreSQL, the real Temporal dev server and
 * the real worker: what an operator asks for happens, and what the rollout records is what happened.
 */
class OperatorSafetyTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final Duration SOON = Duration.ofSeconds(30);
    /** A cancel of a wave in flight: a signal, the activity's cancellation, one census and the end record. */
    private static final Duration IN_SECONDS = Duration.ofSeconds(15);

    private ReliabilityStack stack;

    @BeforeEach
    void start() {
        stack = new ReliabilityStack(database.dataSource(), settings -> settings);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    /** Scenario 12: a reason with NUL and a bell, sent straight to the workflow as the Temporal CLI could. */
    @Test
    void hostileTextCannotJamARollout() {
        ScaleSetKey web = stack.scaleSet("hostile-text", ReliabilityStack.scaleSetOf(4, 100, 100).updateDomains(2));
        String id = stack.submit(plan(web, ApprovalMode.FIRST_WAVE, FailurePolicy.PAUSE), "alice");
        stack.awaitState(id, RolloutState.WAITING_FOR_APPROVAL);

        stack.workflow(id).cancel(new OperatorCommand("mallory", "stop\u0000now\u0007"));

        RolloutDetails cancelled = stack.awaitState(id, RolloutState.CANCELLED, SOON);
        EventRecord requested = cancelled.events().stream().filter(e -> e.type() == EventType.CANCEL_REQUESTED)
                .findFirst().orElseThrow();
        assertThat(requested.message()).contains("stop", "now").doesNotContain("\u0000");
        assertThat(requested.actor()).isEqualTo("mallory");
        stack.invariants(id, web).assertHold();
    }

    /**
     * Scenario 9: a wave whose manualupgrade takes ten minutes in Azure is interrupted within seconds by a cancel from
     * the API's path (a signal), and its instances are recorded as Azure holds them: still upgrading, never done.
     */
    @Test
    void aWaveStuckOnAzureCanBeStoppedByCancel() {
        ScaleSetKey web = stack.scaleSet("stuck-cancel", ReliabilityStack.scaleSetOf(4, 600_000, 100).updateDomains(2));
        String id = stack.submit(plan(web, ApprovalMode.NONE, FailurePolicy.PAUSE), "alice");
        stack.awaitRollout(id, ReliabilityStack.DEADLINE, r -> has(r, EventType.WAVE_STARTED));

        stack.workflow(id).cancel(new OperatorCommand("dave", "stuck"));

        RolloutDetails cancelled = stack.awaitState(id, RolloutState.CANCELLED, IN_SECONDS);
        EventRecord interrupted = cancelled.events().stream().filter(e -> e.type() == EventType.WAVE_INTERRUPTED)
                .findFirst().orElseThrow();
        assertThat(interrupted.message()).startsWith("wave 1/2 interrupted in flight by the cancel requested by dave");
        assertThat(cancelled.waves().get(0).state()).isEqualTo(WaveState.CANCELLED);
        assertThat(cancelled.waves().get(0).instances()).extracting(InstanceStatus::state)
                .containsOnly(InstanceState.UPGRADING); // Azure is still at it: unknown, never HEALTHY
        stack.invariants(id, web).assertHold();
    }

    /** Scenario 9: the same stuck wave fails at the plan's wave deadline and pauses for an operator. */
    @Test
    void aWaveStuckOnAzureFailsAtItsDeadline() {
        ScaleSetKey web = stack.scaleSet("stuck-deadline", ReliabilityStack.scaleSetOf(4, 600_000, 100).updateDomains(2));
        RolloutPlan plan = plan(web, ApprovalMode.NONE, FailurePolicy.PAUSE);
        RolloutPlan withDeadline = new RolloutPlan(plan.target(), plan.image(), plan.strategy(), plan.approval(),
                plan.health().withWaveDeadline(Duration.ofSeconds(3)), plan.onFailure(), false);
        String id = stack.submit(withDeadline, "alice");

        RolloutDetails paused = stack.awaitState(id, RolloutState.PAUSED, SOON);

        assertThat(paused.stateReason()).contains("wave 1/2 failed: did not end within 3s (health.waveDeadline); "
                + "Azure holds: instances", "UPGRADING", "retry the wave, roll back or cancel");
        assertThat(paused.waves().get(0).state()).isEqualTo(WaveState.FAILED);
        assertThat(paused.waves().get(0).instances()).extracting(InstanceStatus::state)
                .containsOnly(InstanceState.UPGRADING);
        stack.invariants(id, web).assertHold();
    }

    private static boolean has(RolloutDetails rollout, EventType type) {
        return rollout.events().stream().anyMatch(e -> e.type() == type);
    }

    static RolloutPlan plan(ScaleSetKey key, ApprovalMode approval, FailurePolicy onFailure) {
        return new RolloutPlan(ReliabilityStack.ref(key), ImageChange.toVersion(ReliabilityStack.NEXT_VERSION),
                Strategy.byUpdateDomain(), approval, new HealthPolicy(Duration.ofMinutes(1), Duration.ZERO, 0),
                onFailure, false);
    }
}
