package dev.vmssrollout.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates scale sets (1-300 instances, 1-5 update and fault domains, zones 1-3 or none, a share
 * of them unhealthy and a share already on the target image) with a valid strategy of any mode.
 */
final class PlannerCases {

    private static final Image OTHER_SKU_SAME_VERSION =
            Image.platform("Canonical", "ubuntu-24_04-lts", "server-arm64", TestImages.TARGET.version());

    private PlannerCases() {
    }

    /** How one instance comes out of the dice: each roll is reduced modulo what the scale set has. */
    private record Dice(int updateDomain, int faultDomain, int zone, int health, int image, int idGap) {
    }

    /** {@code unhealthyShare} and {@code onTargetShare} are in % of the instances. */
    private record Shape(int updateDomains, int faultDomains, int zones, int unhealthyShare, int onTargetShare) {
    }

    private record StrategyDice(StrategyMode mode, int sizing, int sizeRoll, int percent, int countRoll, long idsSeed,
                                boolean prioritizeUnhealthy) {
    }

    static Arbitrary<PlannerCase> plannerCases() {
        Arbitrary<Shape> shapes = Combinators.combine(
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 5),
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 3)),
                Arbitraries.of(0, 10, 50, 90, 100),
                // Mostly some left to upgrade; "all already upgraded" stays common enough to be tried.
                Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(2, 10), Tuple.of(2, 50), Tuple.of(1, 90), Tuple.of(1, 100)))
                .as(Shape::new);
        Arbitrary<Dice> oneInstance = Combinators.combine(
                Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(1, 3)).as(Dice::new)
                // Edge cases of every roll at once would be mostly one-domain sets of one or two instances.
                .withoutEdgeCases();
        // Small scale sets find the edge cases, large ones the fleet: draw sizes both ways.
        Arbitrary<List<Dice>> dice = Arbitraries.frequencyOf(
                Tuple.of(1, oneInstance.list().ofMinSize(1).ofMaxSize(300)),
                Tuple.of(1, oneInstance.list().ofMinSize(1).ofMaxSize(300).withSizeDistribution(RandomDistribution.uniform())));
        Arbitrary<StrategyDice> strategies = Combinators.combine(
                Arbitraries.of(StrategyMode.class),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(0, 9999),
                Arbitraries.longs().withoutEdgeCases(),
                Arbitraries.of(true, false)).as(StrategyDice::new);
        return Combinators.combine(shapes, dice, strategies, Arbitraries.longs().withoutEdgeCases()).as(PlannerCases::build);
    }

    private static PlannerCase build(Shape shape, List<Dice> dice, StrategyDice s, long shuffleSeed) {
        List<Instance> instances = new ArrayList<>();
        Set<String> onTarget = new HashSet<>();
        int id = -1;
        for (Dice d : dice) {
            // IDs with gaps, as after scale-in, and past 9 and 99 so that numeric order matters.
            id += d.idGap();
            String instanceId = String.valueOf(id);
            boolean upgraded = d.image() < shape.onTargetShare();
            if (upgraded) {
                onTarget.add(instanceId);
            }
            instances.add(ScaleSetFixture.instance(instanceId,
                    d.updateDomain() % shape.updateDomains(),
                    d.faultDomain() % shape.faultDomains(),
                    shape.zones() == 0 ? null : String.valueOf(d.zone() % shape.zones() + 1),
                    image(upgraded, d.image()),
                    d.health() < shape.unhealthyShare() ? Instance.Health.UNHEALTHY : Instance.Health.HEALTHY));
        }
        Collections.shuffle(instances, new Random(shuffleSeed ^ 0x5DEECE66DL));
        return new PlannerCase(instances, onTarget, strategy(s, instances), shuffleSeed);
    }

    private static Image image(boolean upgraded, int roll) {
        if (upgraded) {
            return roll % 2 == 0 ? TestImages.TARGET : TestImages.TARGET_OTHER_CASE;
        }
        return switch (roll % 3) {
            case 0 -> TestImages.CURRENT;
            case 1 -> OTHER_SKU_SAME_VERSION;
            default -> Image.gallery(TestImages.GALLERY_IMAGE_ID);
        };
    }

    private static Strategy strategy(StrategyDice s, List<Instance> instances) {
        int capacity = instances.size();
        Strategy strategy = Strategy.of(s.mode());
        // BATCH needs a size; the other modes may go without one.
        int sizing = s.mode() == StrategyMode.BATCH && s.sizing() == 0 ? 1 + s.sizeRoll() % 2 : s.sizing();
        if (sizing == 1) {
            strategy = strategy.withBatchSize(1 + s.sizeRoll() % (capacity + 2));
        } else if (sizing == 2) {
            strategy = strategy.withBatchPercent(s.percent());
        }
        if (s.mode() == StrategyMode.INSTANCES) {
            List<String> ids = new ArrayList<>(instances.stream().map(Instance::instanceId).sorted().toList());
            Collections.shuffle(ids, new Random(s.idsSeed()));
            strategy = strategy.withInstanceIds(ids.subList(0, 1 + s.countRoll() % capacity));
        }
        return s.prioritizeUnhealthy() ? strategy.prioritizingUnhealthy() : strategy;
    }
}
