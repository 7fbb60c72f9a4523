package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static dev.vmssrollout.model.ScaleSetFixture.aScaleSet;
import static dev.vmssrollout.model.TestImages.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** Worked examples of wave plans; the general rules are in {@link WavePlannerPropertiesTest}. */
class WavePlannerTest {

    @Test
    void plansTheDemoScaleSetOneUpdateDomainPerWave() {
        List<Instance> demo = aScaleSet().withInstances(20).inUpdateDomains(5).build();

        WavePlan plan = WavePlanner.plan(Strategy.byUpdateDomain(), TARGET, demo);

        assertThat(plan.waves()).extracting(Wave::index, Wave::label, Wave::instanceIds).containsExactly(
                tuple(0, "update domain 0", List.of("0", "5", "10", "15")),
                tuple(1, "update domain 1", List.of("1", "6", "11", "16")),
                tuple(2, "update domain 2", List.of("2", "7", "12", "17")),
                tuple(3, "update domain 3", List.of("3", "8", "13", "18")),
                tuple(4, "update domain 4", List.of("4", "9", "14", "19")));
        assertThat(plan.skippedInstanceIds()).isEmpty();
        assertThat(plan.largestWave()).isEqualTo(4);
        assertThat(plan.instanceCount()).isEqualTo(20);
    }

    @Test
    void splitsAnUpdateDomainThatIsLargerThanTheBatchSize() {
        List<Instance> instances = aScaleSet().withInstances(10).inUpdateDomains(2).build();

        WavePlan plan = WavePlanner.plan(Strategy.byUpdateDomain().withBatchSize(2), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label, Wave::instanceIds).containsExactly(
                tuple("update domain 0", List.of("0", "2")),
                tuple("update domain 0", List.of("4", "6")),
                tuple("update domain 0", List.of("8")),
                tuple("update domain 1", List.of("1", "3")),
                tuple("update domain 1", List.of("5", "7")),
                tuple("update domain 1", List.of("9")));
    }

    @Test
    void labelsFaultDomainWaves() {
        List<Instance> instances = aScaleSet().withInstances(4).inFaultDomains(2).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.FAULT_DOMAIN), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label).containsExactly("fault domain 0", "fault domain 1");
    }

    @Test
    void ordersZoneWavesByZoneThenUpdateDomainAndNamesBoth() {
        List<Instance> instances = aScaleSet().withInstances(6).inZones(2).inUpdateDomains(3).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.ZONE), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label, Wave::instanceIds).containsExactly(
                tuple("zone 1, update domain 0", List.of("0")),
                tuple("zone 1, update domain 1", List.of("4")),
                tuple("zone 1, update domain 2", List.of("2")),
                tuple("zone 2, update domain 0", List.of("3")),
                tuple("zone 2, update domain 1", List.of("1")),
                tuple("zone 2, update domain 2", List.of("5")));
    }

    @Test
    void saysSoWhenAZoneRolloutMeetsAScaleSetWithoutZones() {
        List<Instance> instances = aScaleSet().withInstances(4).inUpdateDomains(2).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.ZONE), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label)
                .containsExactly("no zone, update domain 0", "no zone, update domain 1");
    }

    @Test
    void cutsBatchesFromInstancesSortedByUpdateDomainAndNamesTheDomainsTheySpan() {
        List<Instance> instances = aScaleSet().withInstances(10).inUpdateDomains(5).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.BATCH).withBatchSize(3), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label, Wave::instanceIds).containsExactly(
                tuple("update domains 0, 1", List.of("0", "5", "1")),
                tuple("update domains 1, 2", List.of("6", "2", "7")),
                tuple("update domains 3, 4", List.of("3", "8", "4")),
                tuple("update domain 4", List.of("9")));
    }

    @Test
    void batchPercentRoundsUpToWholeInstancesOfTheScaleSet() {
        List<Instance> instances = aScaleSet().withInstances(10).inUpdateDomains(1).build();

        // 15% of 10 is 1.5: two per wave, never a wave of 1.5 rounded down to 1.
        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.BATCH).withBatchPercent(15), TARGET, instances);

        assertThat(plan.waves()).hasSize(5).allSatisfy(wave -> assertThat(wave.size()).isEqualTo(2));
    }

    @Test
    void batchPercentCountsInstancesAlreadyOnTheTargetAsCapacity() {
        List<Instance> instances = aScaleSet().withInstances(10).inUpdateDomains(1)
                .alreadyOnTarget("0", "1", "2", "3", "4", "5").build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.BATCH).withBatchPercent(20), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::instanceIds)
                .containsExactly(List.of("6", "7"), List.of("8", "9"));
        assertThat(plan.skippedInstanceIds()).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void upgradesListedInstancesOneAtATimeInTheListedOrderByDefault() {
        List<Instance> instances = aScaleSet().withInstances(12).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("11", "3", "7")),
                TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label).containsExactly("instance 11", "instance 3", "instance 7");
    }

    @Test
    void labelsAWaveOfSeveralListedInstancesWithAllTheirIds() {
        List<Instance> instances = aScaleSet().withInstances(6).build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.INSTANCES)
                .withInstanceIds(List.of("3", "4", "5")).withBatchSize(2), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label).containsExactly("instances 3, 4", "instance 5");
    }

    @Test
    void skipsListedInstancesThatAlreadyRunTheTargetAndIgnoresUnlistedOnes() {
        List<Instance> instances = aScaleSet().withInstances(6).alreadyOnTarget("2").build();

        WavePlan plan = WavePlanner.plan(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("1", "2")),
                TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::instanceIds).containsExactly(List.of("1"));
        assertThat(plan.skippedInstanceIds()).containsExactly("2");
    }

    @Test
    void skipsInstancesWhoseImageDiffersFromTheTargetOnlyInCase() {
        List<Instance> instances = Stream.of("0", "1", "2")
                .map(id -> ScaleSetFixture.instance(id, Integer.parseInt(id), 0, null,
                        id.equals("1") ? TestImages.TARGET_OTHER_CASE : TestImages.CURRENT, Instance.Health.HEALTHY))
                .toList();

        WavePlan plan = WavePlanner.plan(Strategy.byUpdateDomain(), TARGET, instances);

        assertThat(plan.skippedInstanceIds()).containsExactly("1");
        assertThat(plan.waves()).extracting(Wave::instanceIds).containsExactly(List.of("0"), List.of("2"));
    }

    @Test
    void upgradesUnhealthyInstancesFirstStillOneUpdateDomainPerWave() {
        // Instances 3 and 7 are in update domains 3 and 2.
        List<Instance> instances = aScaleSet().withInstances(10).inUpdateDomains(5).withUnhealthy("3", "7").build();

        WavePlan plan = WavePlanner.plan(Strategy.byUpdateDomain().prioritizingUnhealthy(), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::label, Wave::instanceIds).containsExactly(
                tuple("update domain 2", List.of("7")),
                tuple("update domain 3", List.of("3")),
                tuple("update domain 0", List.of("0", "5")),
                tuple("update domain 1", List.of("1", "6")),
                tuple("update domain 2", List.of("2")),
                tuple("update domain 3", List.of("8")),
                tuple("update domain 4", List.of("4", "9")));
    }

    @Test
    void plansAScaleSetWhoseInstancesAreAllUnhealthyOneUpdateDomainAtATime() {
        List<Instance> instances = aScaleSet().withInstances(4).inUpdateDomains(2)
                .withUnhealthy("0", "1", "2", "3").build();

        WavePlan plan = WavePlanner.plan(Strategy.byUpdateDomain().prioritizingUnhealthy(), TARGET, instances);

        assertThat(plan.waves()).extracting(Wave::instanceIds).containsExactly(List.of("0", "2"), List.of("1", "3"));
    }

    @Test
    void ordersInstanceIdsAsNumbers() {
        List<String> sorted = Stream.of("10", "9", "100", "2", "0").sorted(WavePlanner.BY_INSTANCE_ID).toList();

        assertThat(sorted).containsExactly("0", "2", "9", "10", "100");
    }

    @Test
    void plansTheSameWavesWhateverOrderTheInstancesAreListedIn() {
        List<Instance> instances = aScaleSet().withInstances(15).inUpdateDomains(3).build();
        List<Instance> reversed = new ArrayList<>(instances);
        Collections.reverse(reversed);

        assertThat(WavePlanner.plan(Strategy.byUpdateDomain(), TARGET, reversed))
                .isEqualTo(WavePlanner.plan(Strategy.byUpdateDomain(), TARGET, instances));
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesABatchSizeOfZeroInsteadOfCuttingEmptyWavesForever() {
        List<Instance> instances = aScaleSet().withInstances(5).build();

        PlanRejectedException rejected = catchThrowableOfType(PlanRejectedException.class,
                () -> WavePlanner.plan(Strategy.of(StrategyMode.BATCH).withBatchSize(0), TARGET, instances));

        assertThat(rejected.violations()).extracting(Violation::field).containsExactly("strategy.batchSize");
    }

    @Test
    void refusesToPlanAnInstanceListedTwice() {
        List<Instance> instances = aScaleSet().withInstances(5).build();

        assertThatThrownBy(() -> WavePlanner.plan(
                Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("1", "2", "1")), TARGET, instances))
                .isInstanceOf(PlanRejectedException.class)
                .hasMessageContaining("instance 1 is listed twice");
    }
}
