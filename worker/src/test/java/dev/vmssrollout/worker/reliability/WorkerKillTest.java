package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.workflows.testing.TestTemporal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker killed at seeded points (inside manualupgrade, inside the health wait, while an approval waits) while
 * three rollouts run side by side: every rollout still succeeds, upgrades every instance exactly once, never takes
 * out more than one wave, and leaves a gapless event log. In-process kills ({@code WorkerFactory.shutdownNow}); the
 * multi-process SIGKILL variant lives in the local module. {@code -Dreliability.seed=N} repeats a run.
 */
class WorkerKillTest {

    /** The schedule CI runs; any other seed explores other kill points. */
    static final long DEFAULT_SEED = 20261126L;

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private ReliabilityStack stack;

    @BeforeEach
    void start() {
        // On the real Temporal server when the CLI is installed (CI): kills against real task routing.
        stack = new ReliabilityStack(database.dataSource(), AzureSettings::withoutPacing, TestTemporal.forScenario());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void threeRolloutsSurviveAtLeastTenSeededKillsInsideUpgradesAndHealthWaits() {
        KillCampaign.Figures figures = new KillCampaign(stack, KillCampaign.seed(DEFAULT_SEED)).run(10, 3, 4);

        report("default", figures);
        assertThat(figures.kills()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(figures.killsInside()).containsKeys("upgradeInstances", "awaitWaveHealthy");
    }

    static void report(String variant, KillCampaign.Figures figures) {
        System.out.println("[reliability] worker kills (" + variant + "): seed " + figures.seed() + ", "
                + figures.kills().size() + " kills survived over " + figures.rollouts() + " rollouts, "
                + figures.missedPoints() + " kill points missed, kills landed inside " + figures.killsInside()
                + ", invariant violations 0, " + figures.duration().toSeconds() + " s");
    }
}
