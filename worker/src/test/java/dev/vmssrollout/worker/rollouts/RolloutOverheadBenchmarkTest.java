package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ComputePolicy;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.RequestBudget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollout overhead: a 1,000-instance scale set in 5 update domains, each upgrade taking 2 s and
 * each boot 1 s, so the simulator's own upgrade time is 5 x 3 s. Reports wall time / 15 s, the
 * gap from one wave healthy to the next wave's start, and ARM requests per wave. Run with
 * {@code mvn -B -pl worker -am verify -Dgroups=benchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false -Dtest=RolloutOverheadBenchmarkTest}.
 */
@Tag("benchmark")
class RolloutOverheadBenchmarkTest {

    private static final int INSTANCES = 1_000;
    private static final long UPGRADE_MILLIS = 2_000;
    private static final long BOOT_MILLIS = 1_000;

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    @Test
    void rolloutOfAThousandInstancesInFiveUpdateDomains() {
        try (WorkerStack stack = new WorkerStack(database)) {
            warmUp(stack);
            ScaleSetKey big = stack.scaleSet("big", ScaleSetSpec.builder().capacity(INSTANCES)
                    .upgradePolicy(UpgradeMode.MANUAL).upgradeMillis(UPGRADE_MILLIS).bootMillis(BOOT_MILLIS));
            stack.simulator.resetReport(big);

            long start = System.nanoTime();
            String id = stack.submit(aPlanFor(big).build(), "bench");
            RolloutDetails done = stack.awaitRollout(id, r -> r.state().isTerminal());
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
            ScaleSetReport report = stack.report(big);
            Duration simulated = Duration.ofMillis(5 * (UPGRADE_MILLIS + BOOT_MILLIS));
            List<Long> gaps = gapsBetweenWaves(done.events());
            Map<String, Long> perWave = new TreeMap<>();
            report.armRequests().forEach((operation, count) -> perWave.put(operation, count));
            System.out.printf("%nBENCHMARK rollout overhead: %d instances, 5 waves%n", INSTANCES);
            System.out.printf("  wall time            %d ms%n", wall.toMillis());
            System.out.printf("  simulator's own time %d ms%n", simulated.toMillis());
            System.out.printf("  overhead ratio       %.3f%n", wall.toMillis() / (double) simulated.toMillis());
            System.out.printf("  wave healthy -> next wave started (ms): %s%n", gaps);
            System.out.printf("  ARM requests in total by operation: %s (%.1f per wave)%n", perWave,
                    perWave.values().stream().mapToLong(Long::longValue).sum() / 5.0);
            EventRecord first = done.events().get(0);
            done.events().forEach(e -> System.out.printf("    +%6d ms %s %s%n",
                    Duration.between(first.at(), e.at()).toMillis(), e.type(), e.message()));
            System.out.printf("  minInService %d, every instance upgraded once: %s%n", report.minInService(),
                    report.upgradeCounts().values().stream().allMatch(c -> c == 1));
        }
    }

    /**
     * ARM economy as on Azure: the simulator allows 180 reads per 3 minutes on the scale set (and answers 429 beyond),
     * and the worker runs with its shipped settings (a health poll at most every 5 s, or {@code -Dbench.pollInterval},
     * the default health read budget of 75/PT3M, pacing on). Waves take a minute (40 s upgrade, 20 s boot), so the
     * rollout outlasts one budget window. Samples the simulator's request counts every second and reports the most
     * reads in any 3-minute window.
     */
    @Test
    void aThousandInstancesWithinComputesReadBudget() throws Exception {
        long upgrade = 40_000;
        long boot = 20_000;
        Duration pollInterval = Duration.parse(System.getProperty("bench.pollInterval",
                AzureSettings.DEFAULT_HEALTH_POLL_INTERVAL.toString()));
        try (WorkerStack stack = new WorkerStack(database, settings -> settings
                .withHealthPollInterval(pollInterval)
                .withHealthReadBudget(RequestBudget.AZURE_DEFAULT))) {
            ScaleSetKey big = stack.scaleSet("budgeted", ScaleSetSpec.builder().capacity(INSTANCES)
                    .upgradePolicy(UpgradeMode.MANUAL).upgradeMillis(upgrade).bootMillis(boot));
            stack.faults(big, Faults.builder().throttling(new Throttling(180, 180_000, 1_000, 60_000, 0)).build());
            stack.simulator.resetReport(big);

            PolicySampler reads = new PolicySampler(() -> List.of(stack.report(big)));
            long start = System.nanoTime();
            String id = stack.submit(aPlanFor(big)
                    .withHealth(new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0)).build(), "bench");
            RolloutDetails done = reads.whileRunning(() -> stack.awaitRollout(id, Duration.ofMinutes(15),
                    r -> r.state().isTerminal() || r.state() == RolloutState.PAUSED));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(done.state()).isEqualTo(RolloutState.SUCCEEDED);
            ScaleSetReport report = stack.report(big);
            Duration simulated = Duration.ofMillis(5 * (upgrade + boot));
            System.out.printf("%nBENCHMARK ARM economy: %d instances, 5 waves of 60 s, 180 reads per 3 min allowed,"
                    + " health poll interval %s%n", INSTANCES, pollInterval);
            System.out.printf("  wall time %d ms, simulator's own time %d ms, ratio %.3f%n", wall.toMillis(),
                    simulated.toMillis(), wall.toMillis() / (double) simulated.toMillis());
            System.out.printf("  ARM requests by operation: %s, throttled %d%n", report.armRequests(), report.throttled());
            System.out.printf("  most reads in any 3-minute window (1 s samples): %d%n", reads.mostInAnyWindow(180,
                    ComputePolicy.GET_VM_SCALE_SET, ComputePolicy.HIGH_COST_GET_VM_SCALE_SET));
            System.out.printf("  wave healthy -> next wave started (ms): %s%n", gapsBetweenWaves(done.events()));
            System.out.printf("  wave durations, started -> completed (ms): %s%n", waveDurations(done.events()));
            System.out.printf("  minInService %d, every instance upgraded once: %s%n", report.minInService(),
                    report.upgradeCounts().values().stream().allMatch(c -> c == 1));
            assertThat(report.throttled()).isZero();
        }
    }

    /** A long-running worker is warm: run one small rollout first so class loading and TLS set-up are not counted. */
    private static void warmUp(WorkerStack stack) {
        ScaleSetKey small = stack.scaleSet("warm-up", WorkerStack.demoScaleSet());
        stack.awaitState(stack.submit(aPlanFor(small).build(), "bench"), RolloutState.SUCCEEDED);
    }

    private static List<Long> waveDurations(List<EventRecord> events) {
        List<Long> durations = new ArrayList<>();
        EventRecord started = null;
        for (EventRecord event : events) {
            if (event.type() == EventType.WAVE_STARTED) {
                started = event;
            } else if (event.type() == EventType.WAVE_COMPLETED && started != null) {
                durations.add(Duration.between(started.at(), event.at()).toMillis());
            }
        }
        return durations;
    }

    /** Milliseconds from each WAVE_COMPLETED to the following WAVE_STARTED, by the workflow's clock. */
    private static List<Long> gapsBetweenWaves(List<EventRecord> events) {
        List<Long> gaps = new ArrayList<>();
        EventRecord completed = null;
        for (EventRecord event : events) {
            if (event.type() == EventType.WAVE_COMPLETED) {
                completed = event;
            } else if (event.type() == EventType.WAVE_STARTED && completed != null) {
                gaps.add(Duration.between(completed.at(), event.at()).toMillis());
                completed = null;
            }
        }
        return gaps;
    }
}
