package dev.vmssrollout.simulator.metrics;

import dev.vmssrollout.simulator.ApplicationMetric;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.PowerState;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What one instance reports for one application metric: its image's value (healthy, or what the faults degrade it to)
 * with +-{@value #NOISE_PERCENT}% noise per second, seeded by the faults' seed so runs repeat. An instance reports
 * only while it runs: a stopped, updating or booting instance leaves a gap, as a real VM's agent would.
 */
public final class InstanceMetrics {

    static final int NOISE_PERCENT = 10;
    /** One sample a second, but never more than this many per instance and window, however long the window. */
    private static final int MAX_SAMPLES = 600;

    private InstanceMetrics() {
    }

    /** The samples {@code vm} reported within [from, to), clipped to the time it has been running; null if none. */
    public static Samples samples(ScaleSetKey key, InstanceState vm, Faults faults, ApplicationMetric metric,
                                  Instant from, Instant to) {
        if (vm.powerState() != PowerState.RUNNING || vm.image() == null) {
            return null;
        }
        Instant start = vm.lastChange() != null && vm.lastChange().isAfter(from) ? vm.lastChange() : from;
        if (!start.isBefore(to)) {
            return null;
        }
        double base = faults.degradedValue(vm.image(), metric).orElse(metric.healthyValue());
        long seconds = Math.max(1, Duration.between(start, to).toSeconds());
        long step = Math.max(1, seconds / MAX_SAMPLES);
        Samples samples = new Samples();
        for (long second = start.getEpochSecond(); second < start.getEpochSecond() + seconds; second += step) {
            samples.add(metric.clamp(base * (1 + noise(key, vm.instanceId(), metric, faults.seed(), second))));
        }
        return samples;
    }

    /** The value {@code vm} reports at this second, for the Prometheus text; null when it does not run. */
    public static Double now(ScaleSetKey key, InstanceState vm, Faults faults, ApplicationMetric metric, Instant now) {
        Samples samples = samples(key, vm, faults, metric, now.minusSeconds(1), now);
        return samples == null ? null : samples.average();
    }

    private static double noise(ScaleSetKey key, String instanceId, ApplicationMetric metric, long seed, long second) {
        long hash = Objects.hash(key.lookupKey(), instanceId, metric.name(), second) * 31L + seed;
        return (new SplittableRandom(hash).nextDouble() * 2 - 1) * NOISE_PERCENT / 100.0;
    }

    /** Running aggregates of samples, the ones Azure Monitor offers. */
    public static final class Samples {
        private double total;
        private double minimum = Double.POSITIVE_INFINITY;
        private double maximum = Double.NEGATIVE_INFINITY;
        private long count;

        void add(double value) {
            total += value;
            minimum = Math.min(minimum, value);
            maximum = Math.max(maximum, value);
            count++;
        }

        public void addAll(Samples other) {
            total += other.total;
            minimum = Math.min(minimum, other.minimum);
            maximum = Math.max(maximum, other.maximum);
            count += other.count;
        }

        public boolean isEmpty() {
            return count == 0;
        }

        public double average() {
            return total / count;
        }

        public double total() {
            return total;
        }

        public double minimum() {
            return minimum;
        }

        public double maximum() {
            return maximum;
        }

        public long count() {
            return count;
        }
    }
}
