package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
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
 * Issue 12's operator-safety scenarios, each against the simulator, PostgreSQL, the Temporal test server and the
 * real worker: what an operator asks for happens, and what the rollout records is what happened.
 */
class OperatorSafetyTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private static final Duration SOON = Duration.ofSeconds(30);

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

    static RolloutPlan plan(ScaleSetKey key, ApprovalMode approval, FailurePolicy onFailure) {
        return new RolloutPlan(ReliabilityStack.ref(key), ImageChange.toVersion(ReliabilityStack.NEXT_VERSION),
                Strategy.byUpdateDomain(), approval, new HealthPolicy(Duration.ofMinutes(1), Duration.ZERO, 0),
                onFailure, false);
    }
}
