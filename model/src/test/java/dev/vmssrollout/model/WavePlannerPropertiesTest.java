package dev.vmssrollout.model;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.vmssrollout.model.PlannerCase.Outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What every plan must satisfy, over generated scale sets and strategies of every mode. */
class WavePlannerPropertiesTest {

    @Provide
    Arbitrary<PlannerCase> plannerCases() {
        return PlannerCases.plannerCases();
    }

    @Property
    void everyInstanceThatNeedsTheUpgradeIsInExactlyOneWave(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);

        List<String> planned = plannedIds(plan.waves());
        assertThat(planned).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(c.needingUpgrade())
                .noneMatch(plan.skippedInstanceIds()::contains);
        assertThat(plan.instanceCount()).isEqualTo(c.needingUpgrade().size());
    }

    @Property
    void skipsExactlyTheTargetedInstancesAlreadyOnTheTargetImage(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);

        assertThat(plan.skippedInstanceIds()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(c.expectedSkipped());
    }

    @Property
    void noWaveExceedsTheStrategysLimit(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);

        assertThat(plan.waves()).allSatisfy(wave -> assertThat(wave.size()).isBetween(1, c.limit()));
    }

    @Property
    void rejectsExactlyThePlansWithNothingToUpgradeOrThatWouldEmptyTheScaleSet(@ForAll("plannerCases") PlannerCase c) {
        Outcome expected = c.expectedOutcome();
        Statistics.label("outcome").collect(expected);
        Statistics.label("size").collect(c.capacity() < 10 ? "<10" : c.capacity() < 100 ? "<100" : ">=100");

        switch (expected) {
            case PLANNED -> assertThat(planOf(c).waves())
                    .allSatisfy(wave -> assertThat(wave.size()).isLessThan(c.capacity()));
            case NOTHING_TO_UPGRADE -> assertThat(rejectionOf(c)).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("image");
                assertThat(v.message()).startsWith("nothing to upgrade");
            });
            case ALL_AT_ONCE -> assertThat(rejectionOf(c)).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("strategy");
                assertThat(v.message()).contains("would take all " + c.capacity() + " instances out of service");
            });
        }

        // The generator must keep reaching every branch, or this property proves little.
        Statistics.label("outcome").coverage(checker -> {
            checker.check(Outcome.PLANNED).count(n -> n > 0);
            checker.check(Outcome.NOTHING_TO_UPGRADE).count(n -> n > 0);
            checker.check(Outcome.ALL_AT_ONCE).count(n -> n > 0);
        });
    }

    @Property
    void wavesFollowTheOrderOfTheStrategyMode(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);
        Map<String, Instance> byId = c.byId();

        for (Phase phase : phases(c, plan)) {
            List<List<Instance>> waves = phase.waves().stream().map(w -> members(w, byId)).toList();
            switch (c.strategy().mode()) {
                case UPDATE_DOMAIN -> assertOneKeyPerWaveInOrder(waves, Instance::updateDomain,
                        Comparator.<Integer>naturalOrder());
                case FAULT_DOMAIN -> assertOneKeyPerWaveInOrder(waves, Instance::faultDomain,
                        Comparator.<Integer>naturalOrder());
                case ZONE -> assertOneKeyPerWaveInOrder(waves, Function.identity(), PlannerCase.zoneThenUpdateDomain());
                case BATCH -> {
                    // Cut from the instances sorted by update domain: a batch spans only the domains it has to.
                    List<Integer> domains = waves.stream().flatMap(List::stream).map(Instance::updateDomain).toList();
                    assertThat(domains).isSorted();
                }
                case INSTANCES -> {
                    List<String> listed = c.strategy().instanceIds().stream()
                            .filter(c.needingUpgrade()::contains)
                            .filter(phase.holds())
                            .toList();
                    assertThat(plannedIds(phase.waves())).containsExactlyElementsOf(listed);
                }
            }
        }
    }

    @Property
    void splitsAGroupOnlyAsFarAsTheLimitRequires(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);
        Map<String, Instance> byId = c.byId();

        for (Phase phase : phases(c, plan)) {
            Map<Object, List<Wave>> wavesByKey = phase.waves().stream().collect(Collectors.groupingBy(
                    w -> c.groupKey(byId.get(w.instanceIds().get(0)))));
            wavesByKey.values().forEach(waves -> {
                // All waves of one group are full but the last: as few waves as the limit allows.
                waves.subList(0, waves.size() - 1).forEach(w -> assertThat(w.size()).isEqualTo(c.limit()));
            });
        }
    }

    @Property
    void unhealthyInstancesComeBeforeAnyHealthyOneWhenPrioritized(@ForAll("plannerCases") PlannerCase c) {
        Assume.that(c.strategy().prioritizeUnhealthy());
        WavePlan plan = planOf(c);

        List<Boolean> unhealthyInWaveOrder = plannedIds(plan.waves()).stream().map(c::unhealthy).toList();
        int firstHealthy = unhealthyInWaveOrder.indexOf(false);
        if (firstHealthy >= 0) {
            assertThat(unhealthyInWaveOrder.subList(firstHealthy, unhealthyInWaveOrder.size())).doesNotContain(true);
        }
        assertThat(plan.waves()).allSatisfy(wave ->
                assertThat(wave.instanceIds().stream().map(c::unhealthy).distinct()).hasSize(1));
    }

    @Property
    void waveIndexesCountFromZeroWithoutGaps(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);

        for (int i = 0; i < plan.waves().size(); i++) {
            assertThat(plan.waves().get(i).index()).isEqualTo(i);
        }
    }

    @Property
    void labelsNameWhatTheWaveHolds(@ForAll("plannerCases") PlannerCase c) {
        WavePlan plan = planOf(c);
        Map<String, Instance> byId = c.byId();

        for (Wave wave : plan.waves()) {
            List<Instance> members = members(wave, byId);
            Instance first = members.get(0);
            String expected = switch (c.strategy().mode()) {
                case UPDATE_DOMAIN -> "update domain " + first.updateDomain();
                case FAULT_DOMAIN -> "fault domain " + first.faultDomain();
                case ZONE -> (first.zone() == null ? "no zone" : "zone " + first.zone())
                        + ", update domain " + first.updateDomain();
                case BATCH -> {
                    TreeSet<Integer> domains = members.stream().map(Instance::updateDomain)
                            .collect(Collectors.toCollection(TreeSet::new));
                    yield (domains.size() == 1 ? "update domain " : "update domains ")
                            + domains.stream().map(String::valueOf).collect(Collectors.joining(", "));
                }
                case INSTANCES -> (wave.size() == 1 ? "instance " : "instances ") + String.join(", ", wave.instanceIds());
            };
            assertThat(wave.label()).isEqualTo(expected);
        }
    }

    @Property
    void plansTheSameWhateverTheOrderOfTheInstanceList(@ForAll("plannerCases") PlannerCase c) {
        Object first = outcome(c.strategy(), c.instances());
        Object again = outcome(c.strategy(), c.instances());
        Object shuffled = outcome(c.strategy(), c.shuffledInstances());

        assertThat(again).isEqualTo(first);
        assertThat(shuffled).isEqualTo(first);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The plan of a case the planner must accept; cases it must reject are left to the rejection property. */
    private static WavePlan planOf(PlannerCase c) {
        Assume.that(c.expectedOutcome() == Outcome.PLANNED);
        return WavePlanner.plan(c.strategy(), PlannerCase.TARGET, c.instances());
    }

    private static List<Violation> rejectionOf(PlannerCase c) {
        PlanRejectedException rejected = catchThrowableOfType(PlanRejectedException.class,
                () -> WavePlanner.plan(c.strategy(), PlannerCase.TARGET, c.instances()));
        assertThat(rejected).as("plan of %s", c).isNotNull();
        return rejected.violations();
    }

    /** The plan, or the violations it was rejected with, so two runs can be compared either way. */
    private static Object outcome(Strategy strategy, List<Instance> instances) {
        try {
            return WavePlanner.plan(strategy, PlannerCase.TARGET, instances);
        } catch (PlanRejectedException e) {
            return e.violations();
        }
    }

    /** Waves that are ordered among themselves, and which instances they hold. */
    private record Phase(List<Wave> waves, Predicate<String> holds) {
    }

    /** With prioritizeUnhealthy, the unhealthy waves and then the healthy waves are each ordered by the mode. */
    private static List<Phase> phases(PlannerCase c, WavePlan plan) {
        if (!c.strategy().prioritizeUnhealthy()) {
            return List.of(new Phase(plan.waves(), id -> true));
        }
        Predicate<Wave> unhealthyWave = wave -> c.unhealthy(wave.instanceIds().get(0));
        return List.of(
                new Phase(plan.waves().stream().filter(unhealthyWave).toList(), c::unhealthy),
                new Phase(plan.waves().stream().filter(unhealthyWave.negate()).toList(), id -> !c.unhealthy(id)));
    }

    private static List<String> plannedIds(List<Wave> waves) {
        return waves.stream().flatMap(w -> w.instanceIds().stream()).toList();
    }

    private static List<Instance> members(Wave wave, Map<String, Instance> byId) {
        return wave.instanceIds().stream().map(byId::get).toList();
    }

    /** Each wave holds one key (equal in {@code order}) and the waves' keys never go back in {@code order}. */
    private static <K> void assertOneKeyPerWaveInOrder(List<List<Instance>> waves, Function<Instance, K> key,
                                                       Comparator<? super K> order) {
        List<K> keys = new ArrayList<>();
        for (List<Instance> wave : waves) {
            K first = key.apply(wave.get(0));
            assertThat(wave).allSatisfy(i -> assertThat(order.compare(key.apply(i), first)).isZero());
            keys.add(first);
        }
        assertThat(keys).isSortedAccordingTo(order);
    }
}
