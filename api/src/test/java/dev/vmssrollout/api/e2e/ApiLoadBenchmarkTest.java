package dev.vmssrollout.api.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 concurrent clients against the real API over HTTP: 45 poll GET (one rollout, and the list),
 * 5 submit rollouts to scale sets of their own. Reports p50/p99 latency and throughput by request
 * kind. Run with
 * {@code mvn -B -pl api -am verify -Dgroups=benchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ApiLoadBenchmarkTest}.
 */
@Tag("benchmark")
class ApiLoadBenchmarkTest extends EndToEndTestSupport {

    private static final int CLIENTS = 50;
    /** -Dbench.submitters=0 measures reads alone: submitted rollouts run in this JVM and take CPU from the API. */
    private static final int SUBMITTERS = Integer.getInteger("bench.submitters", 5);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(20);
    private static final String ALICE = "Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();

    @Test
    void fiftyClientsPollingAndSubmitting() throws Exception {
        LocalStack.get().scaleSet("load-watched", 20, 200, 100);
        String watched = read(submit("alice", body("load-watched", "")).getResponse().getContentAsString(), "$.id");

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        long measureFrom = System.nanoTime() + WARM_UP.toNanos();
        long stopAt = measureFrom + MEASURED.toNanos();
        for (int client = 0; client < CLIENTS; client++) {
            int number = client;
            pool.execute(() -> {
                try {
                    if (number < SUBMITTERS) {
                        submitRepeatedly(number, measureFrom, stopAt);
                    } else {
                        poll(number % 2 == 0 ? "/api/v1/rollouts/" + watched : "/api/v1/rollouts?limit=20",
                                number % 2 == 0 ? "GET rollout" : "GET list", measureFrom, stopAt);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(MEASURED.plus(WARM_UP).plusSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        System.out.printf("%nBENCHMARK API load: %d clients (%d submitting), %d s measured after %d s warm-up%n",
                CLIENTS, SUBMITTERS, MEASURED.toSeconds(), WARM_UP.toSeconds());
        latencies.forEach((kind, values) -> {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            System.out.printf("  %-12s n=%6d  %7.1f req/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", kind, sorted.size(),
                    sorted.size() / (double) MEASURED.toSeconds(), percentile(sorted, 50), percentile(sorted, 99),
                    sorted.get(sorted.size() - 1) / 1e6);
        });
        System.out.printf("  unexpected answers: %d%n", errors.get());
        assertThat(latencies).containsKeys("GET rollout", "GET list");
    }

    private void poll(String path, String kind, long measureFrom, long stopAt) {
        while (System.nanoTime() < stopAt) {
            timed(kind, measureFrom, HttpRequest.newBuilder(uri(path)).header("Authorization", ALICE).GET().build(), 200);
        }
    }

    /** Each submitter has scale sets of its own and starts a new rollout whenever the previous one ended. */
    private void submitRepeatedly(int submitter, long measureFrom, long stopAt) {
        int round = 0;
        while (System.nanoTime() < stopAt) {
            String name = "load-" + submitter + "-" + round++;
            LocalStack.get().scaleSet(name, 10, 100, 50);
            timed("POST rollout", measureFrom, HttpRequest.newBuilder(uri("/api/v1/rollouts"))
                    .header("Authorization", ALICE).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(name, ""))).build(), 201);
        }
    }

    private void timed(String kind, long measureFrom, HttpRequest request, int expectedStatus) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (response.statusCode() != expectedStatus) {
                errors.incrementAndGet();
            } else if (start >= measureFrom) {
                latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(took);
            }
        } catch (java.io.IOException e) {
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
