package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.simulator.ScaleSetReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Samples a scale set's read count (every GET the simulator counts against its read budget) once a second. */
final class ReadSampler {

    private static final Set<String> READS = Set.of("GetScaleSet", "GetScaleSetInstanceView", "ListVMs",
            "ListVMsInstanceView", "GetVM", "GetVMInstanceView", "GetLatestRollingUpgrade");

    private final Supplier<ScaleSetReport> report;
    private final List<Long> samples = new ArrayList<>();

    ReadSampler(Supplier<ScaleSetReport> report) {
        this.report = report;
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
        samples.add(READS.stream().mapToLong(report.get()::armRequests).sum());
    }

    /** The most reads between two samples {@code seconds} apart (or fewer, at the start). */
    synchronized long mostInAnyWindow(int seconds) {
        long most = 0;
        for (int end = 0; end < samples.size(); end++) {
            long before = end - seconds >= 0 ? samples.get(end - seconds) : 0;
            most = Math.max(most, samples.get(end) - before);
        }
        return most;
    }
}
