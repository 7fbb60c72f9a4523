package dev.vmssrollout.simulator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many requests a simulator with one 1,000-instance scale set serves on this machine: full VM lists with
 * instance view (10 pages of 100 each) and single-instance manualupgrade POSTs. Client and server share the
 * machine's cores. Run: {@code mvn -pl simulator test -Dgroups=benchmark -DexcludedGroups=none}.
 */
@Tag("benchmark")
class SimulatorThroughputBenchmarkTest {
    private static final int CAPACITY = 1_000;
    private static final int CLIENT_THREADS = 8;
    private static final Duration LIST_PHASE = Duration.ofSeconds(15);
    private static final int UPGRADE_PASSES = 3;

    @Test
    void listsAndManualUpgradesPerSecond() throws Exception {
        try (Simulator simulator = Simulator.start(SimulatorOptions.builder().port(0).threads(16).build())) {
            ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, "bench-rg", "big");
            simulator.createScaleSet(key, ScaleSetSpec.builder().capacity(CAPACITY)
                .image(ScaleSetFixture.UBUNTU_2409).upgradeMillis(20).bootMillis(20).build());
            RawArm raw = new RawArm(simulator);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                listAll(raw, key); // warm-up
                double listsPerSecond = measureLists(raw, key, clients);
                double upgradesPerSecond = measureManualUpgrades(simulator, raw, key, clients);
                ScaleSetReport report = simulator.report(key);
                System.out.printf("%n[simulator benchmark] %d instances, %d client threads, %d cores%n",
                    CAPACITY, CLIENT_THREADS, Runtime.getRuntime().availableProcessors());
                System.out.printf("[simulator benchmark] full lists with instanceView: %.1f/s (= %.0f pages of 100 VMs/s)%n",
                    listsPerSecond, listsPerSecond * CAPACITY / 100);
                System.out.printf("[simulator benchmark] manualupgrade requests (1 instance each): %.0f/s%n",
                    upgradesPerSecond);
                System.out.printf("[simulator benchmark] report: %s ListVMsInstanceView, %s ManualUpgrade%n",
                    report.armRequests("ListVMsInstanceView"), report.armRequests("ManualUpgrade"));
                assertThat(report.throttled()).isZero();
                assertThat(report.upgradeCounts().values()).allMatch(count -> count == UPGRADE_PASSES);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static double measureLists(RawArm raw, ScaleSetKey key, ExecutorService clients) throws Exception {
        AtomicLong lists = new AtomicLong();
        long deadline = System.nanoTime() + LIST_PHASE.toNanos();
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENT_THREADS; i++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < deadline) {
                    assertThat(listAll(raw, key)).isEqualTo(CAPACITY);
                    lists.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        return lists.get() / seconds(System.nanoTime() - started);
    }

    /** Each pass changes the model, then upgrades every instance with its own POST. */
    private static double measureManualUpgrades(Simulator simulator, RawArm raw, ScaleSetKey key,
                                                ExecutorService clients) throws Exception {
        long postingNanos = 0;
        for (int pass = 1; pass <= UPGRADE_PASSES; pass++) {
            String version = "24.04.20250" + pass + "010";
            ScaleSetFixture.await("model accepted", Duration.ofSeconds(30), () -> raw.send("PATCH",
                RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, "t",
                "{\"properties\":{\"virtualMachineProfile\":{\"storageProfile\":{\"imageReference\":{\"version\":\""
                    + version + "\"}}}}}").statusCode() == 200);
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int thread = t;
                running.add(clients.submit(() -> {
                    for (int id = thread; id < CAPACITY; id += CLIENT_THREADS) {
                        HttpResponse<String> accepted = raw.send("POST", RawArm.scaleSetPath(key) + "/manualupgrade?"
                            + RawArm.API_VERSION, "t", "{\"instanceIds\":[\"" + id + "\"]}");
                        assertThat(accepted.statusCode()).isEqualTo(202);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            postingNanos += System.nanoTime() - started;
        }
        return UPGRADE_PASSES * CAPACITY / seconds(postingNanos);
    }

    private static int listAll(RawArm raw, ScaleSetKey key) {
        String next = RawArm.scaleSetPath(key) + "/virtualMachines?$expand=instanceView&" + RawArm.API_VERSION;
        int count = 0;
        while (next != null) {
            var page = RawArm.json(raw.get(next, "t"));
            count += page.path("value").size();
            String link = page.path("nextLink").asText(null);
            next = link == null ? null : link.substring(link.indexOf("subscriptions/"));
        }
        return count;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
