package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.worker.azure.AzureSettings;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At least 500 generated schedules (the bar), counted past the first violation: each schedule is drawn from
 * its own seed ({@code -Dreliability.seed} is the first, {@code -Dgenerator.schedules} how many), so any one can be
 * run again alone with {@code -Dreliability.seed=N -Dgenerator.schedules=1}. Violations are minimised and printed as
 * {@code [generator] seed N minimal: ...} lines.
 */
@Tag("soak")
class ScenarioGeneratorSoakTest {

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
    void fiveHundredGeneratedSchedulesKeepEveryInvariant() {
        long seed = KillCampaign.seed(System.currentTimeMillis());
        int count = Integer.getInteger("generator.schedules", 500);
        Map<Long, Schedule> schedules = new HashMap<>();
        // Arbitraries need a jqwik session outside a property; each schedule is drawn from a seed of its own.
        JqwikSession.start();
        try {
            RandomGenerator<Schedule> generator = ScheduleArbitraries.schedules().generator(1_000);
            for (long s = seed; s < seed + count; s++) {
                schedules.put(s, generator.next(new Random(s)).value());
            }
        } finally {
            JqwikSession.finish();
        }

        ScenarioGenerator.Figures figures = new ScenarioGenerator(new ScheduleRunner(stack))
                .run(seed, count, schedules::get);

        System.out.println("[generator] seed " + figures.seed() + ": " + figures.tried() + " schedules tried, "
                + figures.violations().size() + " violated an invariant, end states " + figures.endStates() + ", "
                + figures.millis() / 1000 + " s");
        figures.violations().forEach(v -> System.out.println("[generator] violation seed " + v.seed() + ": minimal "
                + v.minimal().schedule() + " -> " + v.minimal().state() + " " + v.minimal().violations()));
        assertThat(figures.violations()).as("schedules that broke an invariant").isEmpty();
    }
}
