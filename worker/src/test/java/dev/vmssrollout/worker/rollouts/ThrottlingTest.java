package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.RequestBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute's request budgets. A 429 storm with Compute's 1200 s Retry-After: pacing is off so the requests really
 * run into the budget; the stack caps Retry-After at 2 s, so honouring 1200 s would blow the test's deadline. And
 * the health polls' own read budget, which keeps a big scale set's polls from running into Compute's.
 */
class ThrottlingTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a429StormWithLongRetryAfterSlowsTheRolloutButDoesNotFailIt() {
        stack = new WorkerStack(database, AzureSettings::withoutPacing);
        ScaleSetKey web = stack.scaleSet("throttled", demoScaleSet());
        // 2 reads a second: the health polls (every 50 ms) and the bursts of reads before and after each wave overrun
        // it however loaded the machine is. With 6 a second a starved machine polled too slowly to be throttled at all.
        stack.faults(web, Faults.builder().throttling(new Throttling(2, 1_000, 1_000, 60_000, 1200)).build());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        // Being slowed is the point: most reads wait out a capped Retry-After (2 s here), so this rollout may take
        // longer than the stack's usual minute on a loaded machine (48-90 s seen with load averages near 20).
        RolloutDetails end = stack.awaitRollout(id, Duration.ofMinutes(3), r -> r.state().isTerminal());

        assertThat(end.state()).as("%s", end.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        ScaleSetReport report = stack.report(web);
        assertThat(report.throttled()).as("requests answered 429").isPositive();
        System.out.printf("[throttling] 429 storm: %d throttled, %d ARM requests%n", report.throttled(),
                report.armRequests().values().stream().mapToLong(Number::longValue).sum());
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((i, count) -> assertThat(count).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(16);
    }

    /**
     * A 200-instance scale set lists in 2 pages; the simulator allows 16 reads per 3 s. Polling every 50 ms would
     * spend 40 reads a second; a health read budget of 8 per 3 s spaces the polls so the rollout is never throttled
     * (the other reads, 5 before the first wave, fit in the rest).
     * The model is also read before each wave and when it is judged (drift detection): Compute charges those reads to
     * GetVMScaleSet, not to the high-cost list policy the health budget covers, and request pacing (on, as shipped)
     * keeps each policy clear through Compute's remaining-count header. The same rollout without the budget and without
     * pacing is throttled, which shows they keep it clear.
     */
    @Test
    void theHealthReadBudgetKeepsPollingInsideComputesBudget() {
        // Both poll every 50 ms at most, so only the read budget and the pacing tell them apart.
        Duration eager = Duration.ofMillis(50);
        ScaleSetReport paced = rollOutUnderTightReadBudget(settings -> settings.withHealthPollInterval(eager)
                .withHealthReadBudget(new RequestBudget(8, Duration.ofSeconds(3))));
        assertThat(paced.throttled()).isZero();

        ScaleSetReport unpaced = rollOutUnderTightReadBudget(settings -> settings.withoutPacing()
                .withHealthPollInterval(eager));
        assertThat(unpaced.throttled()).isPositive();
        System.out.printf("[throttling] 200 instances, 2 pages per poll, 16 reads per 3 s allowed: with a budget of"
                        + " 8/PT3S %d list pages and %d throttled; without %d list pages and %d throttled%n",
                paced.armRequests().get("ListVMsInstanceView"), paced.throttled(),
                unpaced.armRequests().get("ListVMsInstanceView"), unpaced.throttled());
    }

    private ScaleSetReport rollOutUnderTightReadBudget(UnaryOperator<AzureSettings> azure) {
        if (stack != null) {
            stack.close();
        }
        stack = new WorkerStack(database, azure);
        ScaleSetKey big = stack.scaleSet("budgeted", ScaleSetSpec.builder().capacity(200)
                .upgradePolicy(UpgradeMode.MANUAL).upgradeMillis(600).bootMillis(400));
        stack.faults(big, Faults.builder().throttling(new Throttling(16, 3_000, 1_000, 60_000, 1)).build());

        long start = System.nanoTime();
        String id = stack.submit(aPlanFor(big).build(), "alice");
        stack.awaitState(id, RolloutState.SUCCEEDED);
        System.out.printf("[throttling] rollout took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        ScaleSetReport report = stack.report(big);
        assertThat(report.upgradeCounts()).hasSize(200).allSatisfy((i, count) -> assertThat(count).isEqualTo(1));
        return report;
    }
}
