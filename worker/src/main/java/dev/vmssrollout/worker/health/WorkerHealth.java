package dev.vmssrollout.worker.health;

import dev.vmssrollout.worker.azure.ComputeClients;
import io.temporal.serviceclient.WorkflowServiceStubs;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The worker's components and which of them readiness needs. Checks run in parallel, each within
 * {@code timeout} (a PostgreSQL pool that waits 30 s for a connection must not hang a probe);
 * checks marked cached answer from their last result for {@code cacheFor}, so that frequent
 * probes do not spend ARM requests.
 */
public final class WorkerHealth implements AutoCloseable {

    private record Component(HealthCheck check, boolean readiness, boolean cached) {
    }

    private record Cached(ComponentHealth health, Instant at) {
    }

    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private final ExecutorService checks = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "worker-health-check");
        thread.setDaemon(true);
        return thread;
    });

    public WorkerHealth(Duration timeout, Duration cacheFor, Clock clock) {
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    /**
     * The worker's components: the pollers, PostgreSQL and Temporal decide readiness; Azure (or the
     * simulator) is reported by /health only, so that an ARM outage does not take every worker out of
     * service (rollouts wait for Azure with backoff anyway).
     */
    public static WorkerHealth of(DataSource dataSource, WorkflowServiceStubs temporal, String namespace,
                                  ComputeClients azure, BooleanSupplier polling) {
        return new WorkerHealth(Duration.ofSeconds(5), Duration.ofSeconds(30), Clock.systemUTC())
                .readiness("worker", HealthCheck.polling(polling))
                .readiness("postgresql", HealthCheck.postgres(dataSource))
                .readiness("temporal", HealthCheck.temporal(temporal, namespace, Duration.ofSeconds(3)))
                .reported("azure", HealthCheck.azure(azure, Duration.ofSeconds(4)));
    }

    /** A component readiness depends on. */
    public WorkerHealth readiness(String name, HealthCheck check) {
        components.put(name, new Component(check, true, false));
        return this;
    }

    /** A component reported by /health only, answered from a result at most {@code cacheFor} old. */
    public WorkerHealth reported(String name, HealthCheck check) {
        components.put(name, new Component(check, false, true));
        return this;
    }

    public Map<String, ComponentHealth> all() {
        return run(List.copyOf(components.keySet()));
    }

    public Map<String, ComponentHealth> ready() {
        return run(components.entrySet().stream().filter(e -> e.getValue().readiness()).map(Map.Entry::getKey).toList());
    }

    public static boolean allUp(Map<String, ComponentHealth> results) {
        return results.values().stream().allMatch(ComponentHealth::isUp);
    }

    private Map<String, ComponentHealth> run(List<String> names) {
        Map<String, CompletableFuture<ComponentHealth>> running = new LinkedHashMap<>();
        for (String name : names) {
            running.put(name, checked(name, components.get(name)));
        }
        Map<String, ComponentHealth> results = new LinkedHashMap<>();
        running.forEach((name, result) -> results.put(name, result.join()));
        return results;
    }

    private CompletableFuture<ComponentHealth> checked(String name, Component component) {
        Cached cached = cache.get(name);
        if (component.cached() && cached != null && Duration.between(cached.at(), clock.instant()).compareTo(cacheFor) < 0) {
            return CompletableFuture.completedFuture(cached.health());
        }
        return CompletableFuture.supplyAsync(component.check()::check, checks)
                .completeOnTimeout(ComponentHealth.down("no answer within " + timeout.toMillis() + " ms"),
                        timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(error -> ComponentHealth.down(error.getMessage()))
                .thenApply(health -> {
                    if (component.cached()) {
                        cache.put(name, new Cached(health, clock.instant()));
                    }
                    return health;
                });
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
