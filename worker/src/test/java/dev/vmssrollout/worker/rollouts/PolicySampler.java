package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.simulator.ComputePolicy;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.arm.ArmOperation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Requests per Compute throttling policy over time, summed over the scale sets that share the policy's budget (one
 * subscription and region): samples the simulator's reports once a second and answers the most requests any window
 * held. Counts requests; a batched request (manualupgrade) is charged per instance it names, which this does not see.
 */
final class PolicySampler {

    private final Supplier<List<ScaleSetReport>> reports;
    private final List<Map<ComputePolicy, Long>> samples = new ArrayList<>();

    PolicySampler(Supplier<List<ScaleSetReport>> reports) {
        this.reports = reports;
    }

    /** Runs {@code work} while sampling, one sample a second from its start to its end. */
    <T> T whileRunning(Supplier<T> work) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
        try {
            return work.get();
        } finally {
            sampler.shutdownNow();
            sample();
        }
    }

    private synchronized void sample() {
        Map<ComputePolicy, Long> counts = new EnumMap<>(ComputePolicy.class);
        for (ComputePolicy policy : ComputePolicy.values()) {
            counts.put(policy, 0L);
        }
        for (ScaleSetReport report : reports.get()) {
            for (ArmOperation operation : ArmOperation.values()) {
                counts.merge(operation.policy(), report.armRequests(operation.reportName()), Long::sum);
            }
        }
        samples.add(counts);
    }

    /** The most requests of {@code policies} between two samples {@code seconds} apart (or fewer, at the start). */
    synchronized long mostInAnyWindow(long seconds, ComputePolicy... policies) {
        long most = 0;
        for (int end = 0; end < samples.size(); end++) {
            long before = end - seconds >= 0 ? total(samples.get((int) (end - seconds)), policies) : 0;
            most = Math.max(most, total(samples.get(end), policies) - before);
        }
        return most;
    }

    private static long total(Map<ComputePolicy, Long> sample, ComputePolicy... policies) {
        long sum = 0;
        for (ComputePolicy policy : policies) {
            sum += sample.get(policy);
        }
        return sum;
    }

    /** One line per policy: its most requests in any short and any 30-minute window against its limits. */
    String againstComputesLimits() {
        StringBuilder lines = new StringBuilder();
        for (ComputePolicy policy : ComputePolicy.values()) {
            lines.append(String.format("    %-28s most in any %d min: %4d of %5d; in any 30 min: %5d of %5d%n",
                    policy.name(), policy.shortWindowMillis() / 60_000,
                    mostInAnyWindow(policy.shortWindowMillis() / 1000, policy), policy.defaultShortLimit(),
                    mostInAnyWindow(ComputePolicy.longWindowMillis() / 1000, policy), policy.defaultLongLimit()));
        }
        return lines.toString();
    }
}
