package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.worker.azure.AzureSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak variant of {@link WorkerKillTest}: rounds of three rollouts until at least 60 kills landed, with a new
 * seed every run unless {@code -Dreliability.seed} fixes one. Excluded from the default suite ({@code soak} tag);
 * run it with {@code -Dgroups=soak -DexcludedGroups=benchmark}.
 */
@Tag("soak")
class WorkerKillSoakTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private ReliabilityStack stack;

    @BeforeEach
    void start() {
        stack = new ReliabilityStack(database.dataSource(), AzureSettings::withoutPacing);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void rolloutsSurviveSixtySeededKills() {
        KillCampaign.Figures figures = new KillCampaign(stack, KillCampaign.seed(System.currentTimeMillis())).run(60, 3, 6);

        WorkerKillTest.report("soak", figures);
        assertThat(figures.kills()).hasSizeGreaterThanOrEqualTo(60);
    }
}
