package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.worker.azure.AzureSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 429 storm with Compute's 1200 s Retry-After. Pacing is off so the requests really run into the
 * budget; the stack caps Retry-After at 2 s, so honouring 1200 s would blow the test's deadline.
 */
class ThrottlingTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @BeforeEach
    void start() {
        stack = new WorkerStack(database, AzureSettings::withoutPacing);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void a429StormWithLongRetryAfterSlowsTheRolloutButDoesNotFailIt() {
        ScaleSetKey web = stack.scaleSet("throttled", demoScaleSet());
        stack.faults(web, Faults.builder().throttling(new Throttling(6, 1_000, 1_000, 60_000, 1200)).build());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        stack.awaitState(id, RolloutState.SUCCEEDED);

        ScaleSetReport report = stack.report(web);
        assertThat(report.throttled()).isPositive();
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((i, count) -> assertThat(count).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(16);
    }
}
