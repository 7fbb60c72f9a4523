package dev.vmssrollout.db;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.NewRollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Plans, rollouts and wave plans for store tests. Instants have whole seconds: PostgreSQL keeps microseconds. */
final class Fixtures {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final Image PREVIOUS = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final Image TARGET = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202501010");
    static final ProgressEvent.Baseline BASELINE = new ProgressEvent.Baseline(PREVIOUS, "Manual", TARGET);

    private static final AtomicInteger SCALE_SETS = new AtomicInteger();

    private Fixtures() {
    }

    /** A scale set no other test of the class uses, so tests sharing a database stay independent. */
    static ScaleSetRef freshScaleSet() {
        return new ScaleSetRef(SUBSCRIPTION, "demo-rg", "web-" + SCALE_SETS.incrementAndGet());
    }

    static RolloutPlan planFor(ScaleSetRef target) {
        return new RolloutPlan(target, ImageChange.toVersion(TARGET.version()),
                Strategy.byUpdateDomain().withPauseBetweenWaves(Duration.ofMinutes(5)), ApprovalMode.FIRST_WAVE,
                new HealthPolicy(Duration.ofMinutes(20), Duration.ofSeconds(30), 10), FailurePolicy.PAUSE, false);
    }

    static NewRollout newRollout(RolloutPlan plan) {
        return new NewRollout(newId(), plan, "alice", null, T0);
    }

    static NewRollout newRollout(ScaleSetRef target) {
        return newRollout(planFor(target));
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Three update domains of a 10-instance scale set; instance 3 already runs the target image. */
    static WavePlan threeWaves() {
        return new WavePlan(List.of(
                new Wave(0, "update domain 0", List.of("0", "5", "10")),
                new Wave(1, "update domain 1", List.of("1", "6")),
                new Wave(2, "update domain 2", List.of("2", "7", "12"))),
                List.of("3"));
    }
}
