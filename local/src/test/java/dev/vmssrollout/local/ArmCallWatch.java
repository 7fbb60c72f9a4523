package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches a scale set's ARM request count (from the simulator's report) for the first request after a restart.
 * It starts reading at once, before the simulator may be up (a failed read is retried), takes the first count it
 * reads as the baseline and reports when the count first grows: the moment of the next ARM call, within the 20 ms
 * between reads. Public for the reliability suite.
 */
public final class ArmCallWatch {

    private static final Duration BETWEEN_READS = Duration.ofMillis(20);

    private final CompletableFuture<Instant> nextCall;

    private ArmCallWatch(Supplier<Long> requestCount, Duration atMost) {
        nextCall = CompletableFuture.supplyAsync(() -> watch(requestCount, atMost));
    }

    /** @param requestCount the scale set's ARM requests so far; may throw while the simulator is down */
    public static ArmCallWatch start(Supplier<Long> requestCount, Duration atMost) {
        return new ArmCallWatch(requestCount, atMost);
    }

    /** A scale set's ARM requests so far, summed from the simulator's report at {@code report} (its {@code .../report}). */
    public static Supplier<Long> requestsInReport(HttpClient simulator, URI report) {
        return () -> {
            try {
                HttpResponse<String> response = simulator.send(HttpRequest.newBuilder(report).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("the simulator's report answered " + response.statusCode());
                }
                long total = 0;
                for (JsonNode count : (Iterable<JsonNode>) RolloutApi.json(response.body()).path("armRequests")::elements) {
                    total += count.asLong();
                }
                return total;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** When the next ARM call was seen, waiting for it as long as the watch was told. */
    public Instant nextCall() {
        try {
            return nextCall.get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError("no ARM call seen: " + e.getMessage(), e);
        }
    }

    private static Instant watch(Supplier<Long> requestCount, Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        Long baseline = null;
        while (Instant.now().isBefore(deadline)) {
            Optional<Long> count = read(requestCount);
            if (count.isPresent()) {
                if (baseline == null) {
                    baseline = count.get();
                } else if (count.get() > baseline) {
                    return Instant.now();
                }
            }
            try {
                Thread.sleep(BETWEEN_READS.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while watching for an ARM call", e);
            }
        }
        throw new IllegalStateException("no ARM call within " + atMost);
    }

    private static Optional<Long> read(Supplier<Long> requestCount) {
        try {
            return Optional.of(requestCount.get());
        } catch (RuntimeException simulatorNotUpYet) {
            return Optional.empty();
        }
    }
}
