package dev.vmssrollout.worker.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

import java.time.Duration;

/** The worker process's meter registry: Prometheus format, with the JVM's own meters (heap, GC, threads, CPU). */
public final class WorkerMeters {

    private WorkerMeters() {
    }

    @SuppressWarnings("resource") // JvmGcMetrics listens for the life of the process
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "vmss-rollout-worker");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Where the Temporal SDK reports into {@code registry}: its worker metrics ({@code temporal_worker_task_slots_*},
     * {@code temporal_activity_schedule_to_start_latency}, poll and execution latencies) show when the worker is the
     * bottleneck, which the rollout metrics cannot.
     */
    public static Scope temporalScope(MeterRegistry registry) {
        return temporalScope(registry, Duration.ofSeconds(10));
    }

    public static Scope temporalScope(MeterRegistry registry, Duration reportEvery) {
        return new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(com.uber.m3.util.Duration.ofMillis(reportEvery.toMillis()));
    }
}
