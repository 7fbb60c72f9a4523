package dev.vmssrollout.api.e2e;

import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollout with notBefore 30 seconds ahead, through the real API, worker, Temporal (on the real
 * clock), PostgreSQL and simulated Azure: nothing is written to Azure before notBefore.
 */
class ScheduledRolloutEndToEndTest extends EndToEndTestSupport {

    /** The simulator's write operations; reads (the API's inspection at submission) are allowed before the window. */
    private static final Set<String> ARM_WRITES = Set.of("PutScaleSet", "PatchScaleSet", "ManualUpgrade", "Reimage",
            "OSRollingUpgrade", "CancelRollingUpgrade");

    private static long writes(ScaleSetReport report) {
        return report.armRequests().entrySet().stream().filter(e -> ARM_WRITES.contains(e.getKey()))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    @Test
    void aRolloutWithNotBeforeMakesNoArmWriteBeforeItThenSucceeds() throws Exception {
        ScaleSetKey key = LocalStack.get().scaleSet("e2e-not-before", 10, 200, 100);
        Instant notBefore = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);

        MvcResult submitted = submit("alice", body("e2e-not-before",
                ", \"schedule\": {\"notBefore\": \"" + notBefore + "\"}"));
        assertThat(submitted.getResponse().getStatus()).isEqualTo(201);
        String id = read(submitted.getResponse().getContentAsString(), "$.id");

        String waiting = awaitState(id, "WAITING_FOR_WINDOW");
        assertThat(Instant.parse(read(waiting, "$.nextWindowStart"))).isEqualTo(notBefore);
        assertThat((String) read(waiting, "$.plan.schedule.notBefore")).isEqualTo(notBefore.toString());
        // Watch Azure until just before notBefore: reads only.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(writes(LocalStack.get().report(key))).as("ARM writes before notBefore").isZero();
            return Instant.now().isAfter(notBefore.minusSeconds(2));
        });

        String done = awaitState(id, "SUCCEEDED");

        List<String> opened = read(done, "$.events[?(@.type == 'WINDOW_OPENED')].at");
        assertThat(opened).hasSize(1);
        assertThat(Instant.parse(opened.get(0))).isAfterOrEqualTo(notBefore);
        List<String> preflight = read(done, "$.events[?(@.type == 'PREFLIGHT_PASSED')].at");
        assertThat(Instant.parse(preflight.get(0))).isAfterOrEqualTo(notBefore);
        assertThat((Object) read(done, "$.nextWindowStart")).isNull();
        ScaleSetReport report = LocalStack.get().report(key);
        assertThat(writes(report)).isPositive();
        assertThat(report.upgradeCounts()).hasSize(10).allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
    }
}
