package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.api.limits.SlidingWindow;
import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetList;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Reads of a scale set for people, so that no one can spend its Azure read budget: answers repeat the last read for
 * a short while (longer while a rollout of it runs, so that its health polls keep the budget), concurrent requests
 * for one scale set share one read (single flight), and each user may cause only so many reads per window (429
 * with {@code Retry-After} past that). Only successful reads are kept.
 */
@Component
public class ScaleSetReads {

    private static final int MAX_CACHED = 10_000;

    private record Cached(ScaleSetInspection inspection, Instant readAt) {
    }

    private final ScaleSetInspector inspector;
    private final ScaleSetReadProperties settings;
    private final SlidingWindow perUser;
    private final Clock clock;
    private final Map<ScaleSetRef, Cached> cache = new ConcurrentHashMap<>();
    private final Map<ScaleSetRef, CompletableFuture<ScaleSetInspection>> inFlight = new ConcurrentHashMap<>();

    @Autowired
    ScaleSetReads(ScaleSetInspector inspector, ScaleSetReadProperties settings) {
        this(inspector, settings, Clock.systemUTC());
    }

    ScaleSetReads(ScaleSetInspector inspector, ScaleSetReadProperties settings, Clock clock) {
        this.inspector = inspector;
        this.settings = settings;
        this.perUser = new SlidingWindow(settings.maxReadsPerUser(), settings.per());
        this.clock = clock;
    }

    ScaleSetInspection read(ScaleSetRef ref, String user, boolean rolloutRunning) {
        Instant now = clock.instant();
        Duration fresh = rolloutRunning ? settings.cacheForDuringRollout() : settings.cacheFor();
        Cached cached = cache.get(ref);
        if (cached != null && cached.readAt().plus(fresh).isAfter(now)) {
            return cached.inspection();
        }
        CompletableFuture<ScaleSetInspection> mine = new CompletableFuture<>();
        CompletableFuture<ScaleSetInspection> running = inFlight.putIfAbsent(ref, mine);
        if (running != null) {
            return await(running);
        }
        try {
            spend(user, now);
            ScaleSetInspection inspection = inspector.read(ref);
            remember(ref, new Cached(inspection, clock.instant()));
            mine.complete(inspection);
            return inspection;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(ref, mine);
        }
    }

    /**
     * The scale sets of a subscription or resource group, read from Azure on every call (a person picking a scale
     * set wants the list as it is): each list counts as one of the user's reads.
     */
    public ScaleSetList list(String subscriptionId, String resourceGroup, String user) {
        spend(user, clock.instant());
        return inspector.list(subscriptionId, resourceGroup);
    }

    /** Counts one Azure read against the user's allowance, or refuses it (429) when it is spent. */
    private void spend(String user, Instant now) {
        Optional<Duration> wait = perUser.blockedFor(user, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new ApiProblemException(ProblemType.TOO_MANY_REQUESTS, "you read scale sets from Azure "
                    + settings.maxReadsPerUser() + " times within " + settings.per().toSeconds()
                    + " s; try again in " + seconds + " s").with(ApiProblemException.RETRY_AFTER_SECONDS, seconds);
        }
        perUser.record(user, now);
    }

    /** Forgets every cached read (tests that change what the inspector answers). */
    void forgetAll() {
        cache.clear();
    }

    private void remember(ScaleSetRef ref, Cached read) {
        if (cache.size() >= MAX_CACHED) {
            Instant oldest = clock.instant().minus(settings.cacheForDuringRollout());
            cache.values().removeIf(c -> c.readAt().isBefore(oldest));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(ref, read);
    }

    private static ScaleSetInspection await(CompletableFuture<ScaleSetInspection> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a scale set read", e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("scale set read failed", e.getCause());
        }
    }
}
