package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.RolloutWorker.WorkerTuning;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.RequestBudget;
import dev.vmssrollout.workflows.testing.TestTemporal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker as shipped (health poll interval and read budget at their defaults) under Compute's real budgets: the
 * simulator runs {@link Throttling#compute()}, shared by every scale set of the subscription and region, with both the
 * 3-minute and the 30-minute windows, on the real Temporal dev server. Run one at a time with
 * {@code mvn -B -pl worker -am verify -Dgroups=benchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='ComputeBudgetBenchmarkTest#aThousandInstancesOverThirtyMinutes'} (or {@code #fiftyScaleSetsShareOneBudget}).
 */
@Tag("benchmark")
class ComputeBudgetBenchmarkTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    /** 1,000 instances, 5 update domains, waves of 6 minutes: 30 minutes of simulated upgrade time. */
    @Test
    void aThousandInstancesOverThirtyMinutes() {
        long upgrade = Long.getLong("bench.upgradeMillis", 300_000);
        long boot = Long.getLong("bench.bootMillis", 60_000);
        try (WorkerStack stack = asShipped()) {
            ScaleSetKey big = stack.scaleSet("thirty-minutes", ScaleSetSpec.builder().capacity(1_000)
                    .upgradePolicy(UpgradeMode.MANUAL).upgradeMillis(upgrade).bootMillis(boot));
            stack.faults(big, Faults.builder().throttling(Throttling.compute()).build());
            stack.simulator.resetReport(big);

            PolicySampler requests = new PolicySampler(() -> List.of(stack.report(big)));
            long start = System.nanoTime();
            String id = stack.submit(aPlanFor(big).withHealth(longWaves(upgrade + boot)).build(), "bench");
            RolloutDetails done = requests.whileRunning(() -> stack.awaitRollout(id, Duration.ofMinutes(60),
                    r -> r.state().isTerminal() || r.state() == RolloutState.PAUSED));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            ScaleSetReport report = stack.report(big);
            Duration simulated = Duration.ofMillis(5 * (upgrade + boot));
            System.out.printf("%nBENCHMARK Compute budgets, 1,000 instances, 5 waves of %d s, worker as shipped%n",
                    (upgrade + boot) / 1000);
            System.out.printf("  state %s, wall time %.1f s, simulated %.1f s, ratio %.3f%n", done.state(),
                    wall.toMillis() / 1e3, simulated.toMillis() / 1e3, wall.toMillis() / (double) simulated.toMillis());
            System.out.printf("  ARM requests by operation: %s, answered 429: %d%n", report.armRequests(),
                    report.throttled());
            System.out.print(requests.againstComputesLimits());
            System.out.printf("  minInService %d, every instance upgraded once: %s%n", report.minInService(),
                    report.upgradeCounts().values().stream().allMatch(c -> c == 1));
            assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
            assertThat(report.throttled()).isZero();
        }
    }

    /** 50 scale sets of 100 instances in one subscription and region, rolled at once: one read budget for all. */
    @Test
    void fiftyScaleSetsShareOneBudget() {
        int scaleSets = Integer.getInteger("bench.scaleSets", 50);
        long upgrade = Long.getLong("bench.upgradeMillis", 60_000);
        long boot = Long.getLong("bench.bootMillis", 30_000);
        try (WorkerStack stack = asShipped()) {
            List<ScaleSetKey> keys = IntStream.range(0, scaleSets).mapToObj(i -> stack.scaleSet("shared-" + i,
                    ScaleSetSpec.builder().capacity(100).upgradePolicy(UpgradeMode.MANUAL)
                            .upgradeMillis(upgrade).bootMillis(boot))).toList();
            keys.forEach(key -> stack.faults(key, Faults.builder().throttling(Throttling.compute()).build()));
            keys.forEach(stack.simulator::resetReport);

            PolicySampler requests = new PolicySampler(() -> keys.stream().map(stack::report).toList());
            long start = System.nanoTime();
            List<String> ids = keys.stream()
                    .map(key -> stack.submit(aPlanFor(key).withHealth(longWaves(upgrade + boot)).build(), "bench"))
                    .toList();
            List<RolloutDetails> done = requests.whileRunning(() -> await().atMost(Duration.ofMinutes(80))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ids.stream().map(id -> stack.store.find(id).orElseThrow()).toList(),
                            all -> all.stream().allMatch(r -> r.state().isTerminal()
                                    || r.state() == RolloutState.PAUSED)));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            List<ScaleSetReport> reports = keys.stream().map(stack::report).toList();
            long throttled = reports.stream().mapToLong(ScaleSetReport::throttled).sum();
            long succeeded = done.stream().filter(r -> r.state() == RolloutState.SUCCEEDED).count();
            Duration simulated = Duration.ofMillis(5 * (upgrade + boot));
            List<Double> ratios = new ArrayList<>();
            for (RolloutDetails rollout : done) {
                Duration own = Duration.between(rollout.events().get(0).at(),
                        rollout.events().get(rollout.events().size() - 1).at());
                ratios.add(own.toMillis() / (double) simulated.toMillis());
            }
            ratios.sort(Double::compareTo);
            System.out.printf("%nBENCHMARK Compute budgets, %d scale sets x 100 instances in one subscription and"
                    + " region, 5 waves of %d s each, worker as shipped%n", scaleSets, (upgrade + boot) / 1000);
            System.out.printf("  %d of %d SUCCEEDED; all ended after %.1f s, one rollout's simulated time %.1f s,"
                    + " ratio %.3f%n", succeeded, scaleSets, wall.toMillis() / 1e3, simulated.toMillis() / 1e3,
                    wall.toMillis() / (double) simulated.toMillis());
            System.out.printf("  each rollout's own duration / simulated: min %.3f, median %.3f, max %.3f%n",
                    ratios.get(0), ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1));
            System.out.printf("  ARM requests (all scale sets): %s, answered 429: %d%n", sum(reports), throttled);
            System.out.print(requests.againstComputesLimits());
            System.out.printf("  fewest in service on any scale set %d of 100, every instance upgraded once: %s%n",
                    reports.stream().mapToInt(ScaleSetReport::minInService).min().orElse(0),
                    reports.stream().allMatch(r -> r.upgradeCounts().values().stream().allMatch(c -> c == 1)));
            done.stream().filter(r -> r.state() != RolloutState.SUCCEEDED).forEach(r -> System.out.printf(
                    "  %s %s: %s%n", r.plan().target(), r.state(), r.stateReason()));
            assertThat(succeeded).isEqualTo(scaleSets);
            assertThat(throttled).isZero();
        }
    }

    /** The worker's shipped health settings and request budgets; Temporal is the real dev server. */
    private static WorkerStack asShipped() {
        return new WorkerStack(database, settings -> settings
                .withHealthPollInterval(AzureSettings.DEFAULT_HEALTH_POLL_INTERVAL)
                .withHealthReadBudget(RequestBudget.AZURE_DEFAULT)
                .withUpgradeBudget(RequestBudget.AZURE_UPGRADE_DEFAULT)
                .withModelReadBudget(RequestBudget.AZURE_MODEL_READ_DEFAULT), TestTemporal.forScenario(),
                WorkerTuning.defaults());
    }

    private static HealthPolicy longWaves(long waveMillis) {
        return new HealthPolicy(Duration.ofMillis(3 * waveMillis), Duration.ZERO, 0);
    }

    private static Map<String, Long> sum(List<ScaleSetReport> reports) {
        Map<String, Long> total = new java.util.TreeMap<>();
        reports.forEach(r -> r.armRequests().forEach((operation, count) -> total.merge(operation, count, Long::sum)));
        return total;
    }
}
