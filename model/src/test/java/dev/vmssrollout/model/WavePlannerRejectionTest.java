package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.vmssrollout.model.ScaleSetFixture.aScaleSet;
import static dev.vmssrollout.model.TestImages.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The plans only the scale set's instances can refuse, and what the user is told. */
class WavePlannerRejectionTest {

    @Test
    void namesEveryUnknownInstanceIdAndTheIdsTheScaleSetHas() {
        List<Instance> instances = aScaleSet().withInstances(5).build();

        List<Violation> violations = rejectionOf(
                Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("1", "42", "77")), instances);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("strategy.instanceIds");
            assertThat(v.message()).contains("no instance 42, 77").contains("5 instances: 0, 1, 2, 3, 4")
                    .doesNotContain("no instance 1,");
        });
    }

    @Test
    void listsOnlyTheFirstTenIdsOfALargeScaleSet() {
        List<Instance> instances = aScaleSet().withInstances(30).build();

        List<Violation> violations = rejectionOf(
                Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("99")), instances);

        assertThat(violations).singleElement().extracting(Violation::message).asString()
                .contains("30 instances: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...");
    }

    static Stream<Arguments> wavesThatWouldEmptyTheScaleSet() {
        return Stream.of(
                arguments("a batch as large as the scale set",
                        Strategy.of(StrategyMode.BATCH).withBatchSize(20), aScaleSet().withInstances(20).build()),
                arguments("a batch larger than the scale set",
                        Strategy.of(StrategyMode.BATCH).withBatchSize(50), aScaleSet().withInstances(20).build()),
                arguments("100 percent",
                        Strategy.of(StrategyMode.BATCH).withBatchPercent(100), aScaleSet().withInstances(20).build()),
                arguments("one update domain",
                        Strategy.byUpdateDomain(), aScaleSet().withInstances(20).inUpdateDomains(1).build()),
                arguments("one fault domain",
                        Strategy.of(StrategyMode.FAULT_DOMAIN), aScaleSet().withInstances(20).inFaultDomains(1).build()),
                arguments("one zone and one update domain",
                        Strategy.of(StrategyMode.ZONE), aScaleSet().withInstances(20).inZones(1).inUpdateDomains(1).build()),
                arguments("every instance listed in one wave",
                        Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("0", "1", "2")).withBatchSize(3),
                        aScaleSet().withInstances(3).build()),
                arguments("a one-instance scale set",
                        Strategy.byUpdateDomain(), aScaleSet().withInstances(1).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wavesThatWouldEmptyTheScaleSet")
    void refusesAWaveThatWouldTakeEveryInstanceOutOfService(String why, Strategy strategy, List<Instance> instances) {
        List<Violation> violations = rejectionOf(strategy, instances);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("strategy");
            assertThat(v.message()).contains("wave 1 (")
                    .contains("would take all " + instances.size() + " instances out of service")
                    .contains("smaller batchSize or batchPercent");
        });
    }

    @Test
    void allowsABatchOfAllButOneInstance() {
        List<Instance> instances = aScaleSet().withInstances(20).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.BATCH).withBatchSize(19), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::size).containsExactly(19, 1);
    }

    @Test
    void allowsOneWaveOfEveryInstanceThatStillRunsTheOldImage() {
        // The instance already upgraded keeps serving while the rest are upgraded together.
        List<Instance> instances = aScaleSet().withInstances(5).inUpdateDomains(1).alreadyOnTarget("4").build();

        WavePlan plan = WavePlanner.plan(Strategy.byUpdateDomain(), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::instanceIds).containsExactly(List.of("0", "1", "2", "3"));
    }

    @Test
    void saysThereIsNothingToUpgradeWhenEveryInstanceRunsTheTarget() {
        List<Instance> instances = aScaleSet().withInstances(5).allOnTarget().build();

        List<Violation> violations = rejectionOf(Strategy.byUpdateDomain(), instances);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("image");
            assertThat(v.message()).startsWith("nothing to upgrade").contains(TARGET.toString());
        });
    }

    @Test
    void saysThereIsNothingToUpgradeWhenEveryListedInstanceRunsTheTarget() {
        List<Instance> instances = aScaleSet().withInstances(5).alreadyOnTarget("1", "2").build();

        List<Violation> violations = rejectionOf(
                Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("2", "1")), instances);

        assertThat(violations).extracting(Violation::message).singleElement().asString().startsWith("nothing to upgrade");
    }

    @Test
    void reportsUnknownIdsAndAnEmptyingWaveTogether() {
        List<Instance> instances = aScaleSet().withInstances(2).build();

        List<Violation> violations = rejectionOf(
                Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("0", "1", "9")).withBatchSize(3), instances);

        assertThat(violations).extracting(Violation::field).containsExactly("strategy.instanceIds", "strategy");
    }

    @Test
    void putsEveryViolationInTheExceptionMessage() {
        List<Instance> instances = aScaleSet().withInstances(2).build();

        PlanRejectedException rejected = catchThrowableOfType(PlanRejectedException.class, () -> WavePlanner.plan(
                Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("0", "1", "9")).withBatchSize(3),
                TARGET, instances));

        assertThat(rejected).hasMessageContaining("strategy.instanceIds: the scale set has no instance 9")
                .hasMessageContaining("; strategy: wave 1 (instances 0, 1) would take all 2 instances");
    }

    private static List<Violation> rejectionOf(Strategy strategy, List<Instance> instances) {
        PlanRejectedException rejected = catchThrowableOfType(PlanRejectedException.class,
                () -> WavePlanner.plan(strategy, TARGET, instances));
        assertThat(rejected).as("the plan should have been rejected").isNotNull();
        return rejected.violations();
    }
}
