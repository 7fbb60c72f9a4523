package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.Instance.Health;
import dev.vmssrollout.model.Instance.PowerState;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.workflows.WaveHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WaveHealthTrackerTest {

    private static final Image IMAGE = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.1");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void waveIsHealthyOnlyAfterEveryInstanceStayedHealthyForMinReady() {
        var tracker = new WaveHealthTracker(List.of("0", "1"), new HealthPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), 0));
        Map<String, Instance> healthy = Map.of("0", healthy("0"), "1", healthy("1"));

        assertThat(tracker.observe(healthy, Set.of(), T0)).isEmpty();
        assertThat(tracker.observe(healthy, Set.of(), T0.plusSeconds(29))).isEmpty();
        var outcome = tracker.observe(healthy, Set.of(), T0.plusSeconds(30));

        assertThat(outcome).hasValueSatisfying(h -> {
            assertThat(h.outcome()).isEqualTo(WaveHealth.Outcome.HEALTHY);
            assertThat(h.instances()).containsOnly(Map.entry("0", InstanceState.HEALTHY), Map.entry("1", InstanceState.HEALTHY));
        });
    }

    @Test
    void scenario11AnInstanceWithoutAHealthSignalIsNotHealthyUnlessThePlanSaysSo() {
        HealthPolicy required = new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0);
        var tracker = new WaveHealthTracker(List.of("0"), required);

        assertThat(tracker.observe(Map.of("0", silent("0")), Set.of(), T0)).as("no signal: still waiting").isEmpty();
        assertThat(tracker.timedOut(Duration.ofMinutes(5)).detail()).contains("no health signal from instance(s) 0");

        var explicit = new WaveHealthTracker(List.of("0"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0, false));
        assertThat(explicit.observe(Map.of("0", silent("0")), Set.of(), T0))
                .hasValueSatisfying(h -> assertThat(h.outcome()).isEqualTo(WaveHealth.Outcome.HEALTHY));
    }

    @Test
    void aBreakInHealthRestartsTheMinReadyClock() {
        var tracker = new WaveHealthTracker(List.of("0"), new HealthPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), 0));

        tracker.observe(Map.of("0", healthy("0")), Set.of(), T0);
        tracker.observe(Map.of("0", upgrading("0")), Set.of(), T0.plusSeconds(20));
        assertThat(tracker.observe(Map.of("0", healthy("0")), Set.of(), T0.plusSeconds(31))).isEmpty();
        assertThat(tracker.observe(Map.of("0", healthy("0")), Set.of(), T0.plusSeconds(61))).isPresent();
    }

    @Test
    void failsAsSoonAsMoreInstancesAreUnhealthyThanTolerated() {
        var tracker = new WaveHealthTracker(List.of("0", "1", "2", "3"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 25));

        var oneBad = tracker.observe(Map.of("0", unhealthy("0"), "1", upgrading("1"), "2", upgrading("2"), "3", upgrading("3")),
                Set.of(), T0);
        var twoBad = tracker.observe(Map.of("0", unhealthy("0"), "1", unhealthy("1"), "2", upgrading("2"), "3", upgrading("3")),
                Set.of(), T0.plusSeconds(1));

        assertThat(oneBad).isEmpty();
        assertThat(twoBad).hasValueSatisfying(h -> {
            assertThat(h.outcome()).isEqualTo(WaveHealth.Outcome.UNHEALTHY);
            assertThat(h.detail()).contains("2 of 4", "instance 0 unhealthy", "instance 1 unhealthy");
        });
    }

    @Test
    void toleratedUnhealthyInstancesLetTheWavePassOnceTheRestIsHealthy() {
        var tracker = new WaveHealthTracker(List.of("0", "1", "2", "3"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 25));

        var outcome = tracker.observe(Map.of("0", unhealthy("0"), "1", healthy("1"), "2", healthy("2"), "3", healthy("3")),
                Set.of(), T0);

        assertThat(outcome).hasValueSatisfying(h -> assertThat(h.outcome()).isEqualTo(WaveHealth.Outcome.HEALTHY));
    }

    @Test
    void failedOrMissingInstancesCountAsFailed() {
        var tracker = new WaveHealthTracker(List.of("0", "1"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 50));

        var outcome = tracker.observe(Map.of("0", healthy("0")), Set.of(), T0);

        assertThat(outcome).hasValueSatisfying(h -> assertThat(h.instances()).containsEntry("1", InstanceState.FAILED));
    }

    @Test
    void timeoutNamesTheInstancesThatDidNotBecomeHealthy() {
        var tracker = new WaveHealthTracker(List.of("0", "1"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0));
        tracker.observe(Map.of("0", healthy("0"), "1", upgrading("1")), Set.of(), T0);

        WaveHealth timedOut = tracker.timedOut(Duration.ofMinutes(5));

        assertThat(timedOut.outcome()).isEqualTo(WaveHealth.Outcome.TIMED_OUT);
        assertThat(timedOut.detail()).contains("1 of 2", "instance 1 upgrading").doesNotContain("instance 0");
    }

    @Test
    void aTimeoutCountsEveryInstanceNotSeenHealthyTheToleratedUnhealthyOnesToo() {
        var tracker = new WaveHealthTracker(List.of("0", "1", "2"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 34));
        assertThat(tracker.observe(Map.of("0", healthy("0"), "1", unhealthy("1"), "2", upgrading("2")), Set.of(), T0))
                .as("one unhealthy instance is tolerated").isEmpty();

        WaveHealth timedOut = tracker.timedOut(Duration.ofMinutes(5));

        // Before the fix: "1 of 3", the upgrading instance alone.
        assertThat(timedOut.detail()).startsWith("2 of 3 instances not healthy").contains("instance 1 unhealthy",
                "instance 2 upgrading");
    }

    @Test
    void aTimeoutBeforeAnyReadSaysTheHealthWasNeverReadNotThatNoneWasUnhealthy() {
        var tracker = new WaveHealthTracker(List.of("0", "1"), new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0));

        WaveHealth timedOut = tracker.timedOut(Duration.ofMinutes(5));

        // Before the fix: "0 of 2 instances not healthy after PT5M: none".
        assertThat(timedOut.detail()).isEqualTo("2 of 2 instances not healthy after PT5M: their health was never read");
    }

    /** Upgraded and running, and nothing reports its health (no extension, no probe). */
    private static Instance silent(String id) {
        return new Instance(id, 0, 0, null, IMAGE, true, PowerState.RUNNING, false, Health.UNKNOWN);
    }

    private static Instance healthy(String id) {
        return new Instance(id, 0, 0, null, IMAGE, true, PowerState.RUNNING, false, Health.HEALTHY);
    }

    private static Instance unhealthy(String id) {
        return new Instance(id, 0, 0, null, IMAGE, true, PowerState.RUNNING, false, Health.UNHEALTHY);
    }

    private static Instance upgrading(String id) {
        return new Instance(id, 0, 0, null, IMAGE, false, PowerState.STARTING, true, Health.UNKNOWN);
    }
}
