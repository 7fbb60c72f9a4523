package dev.vmssrollout.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One generated planning problem, and what a correct planner must make of it. The expectations
 * are computed from the generator's own knowledge (which instances it put on the target image),
 * not from {@link Image#sameAs}, so a bug there shows up here too.
 *
 * @param instances    the scale set, in the (random) order the VM list returned it
 * @param onTarget     IDs of the instances that already run the target image
 * @param strategy     a strategy that {@link PlanValidator} accepts
 * @param shuffleSeed  seed for presenting the same instances in another order
 */
record PlannerCase(List<Instance> instances, Set<String> onTarget, Strategy strategy, long shuffleSeed) {

    enum Outcome { PLANNED, NOTHING_TO_UPGRADE, ALL_AT_ONCE }

    static final Image TARGET = TestImages.TARGET;

    int capacity() {
        return instances.size();
    }

    Map<String, Instance> byId() {
        return instances.stream().collect(Collectors.toMap(Instance::instanceId, Function.identity()));
    }

    Instance instance(String id) {
        return byId().get(id);
    }

    /** The instances the strategy aims at: all of them, or the listed ones in the listed order. */
    List<Instance> targeted() {
        if (strategy.mode() == StrategyMode.INSTANCES) {
            Map<String, Instance> byId = byId();
            return strategy.instanceIds().stream().map(byId::get).toList();
        }
        return instances;
    }

    List<String> needingUpgrade() {
        return targeted().stream().map(Instance::instanceId).filter(id -> !onTarget.contains(id)).toList();
    }

    List<String> expectedSkipped() {
        return targeted().stream().map(Instance::instanceId).filter(onTarget::contains).toList();
    }

    boolean unhealthy(String id) {
        return instance(id).health() == Instance.Health.UNHEALTHY;
    }

    /** The most instances one wave may hold, worked out in integers from the strategy's documentation. */
    int limit() {
        if (strategy.batchSize() != null) {
            return strategy.batchSize();
        }
        if (strategy.batchPercent() != null) {
            return Math.max(1, (capacity() * strategy.batchPercent() + 99) / 100);
        }
        return strategy.mode() == StrategyMode.INSTANCES ? 1 : Integer.MAX_VALUE;
    }

    /** Instances a wave of this mode may hold together share this key. */
    Object groupKey(Instance instance) {
        return switch (strategy.mode()) {
            case UPDATE_DOMAIN -> instance.updateDomain();
            case FAULT_DOMAIN -> instance.faultDomain();
            case ZONE -> instance.zone() + "/" + instance.updateDomain();
            case BATCH, INSTANCES -> "any";
        };
    }

    Outcome expectedOutcome() {
        List<String> needing = needingUpgrade();
        if (needing.isEmpty()) {
            return Outcome.NOTHING_TO_UPGRADE;
        }
        if (needing.size() < capacity()) {
            return Outcome.PLANNED;
        }
        // Every instance needs the upgrade; a single wave would hold them all only if nothing splits them.
        boolean oneKey = instances.stream().map(this::groupKey).distinct().count() == 1;
        boolean oneHealth = !strategy.prioritizeUnhealthy()
                || instances.stream().map(i -> i.health() == Instance.Health.UNHEALTHY).distinct().count() == 1;
        return limit() >= capacity() && oneKey && oneHealth ? Outcome.ALL_AT_ONCE : Outcome.PLANNED;
    }

    List<Instance> shuffledInstances() {
        List<Instance> shuffled = new ArrayList<>(instances);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        return shuffled;
    }

    static Comparator<Instance> zoneThenUpdateDomain() {
        return Comparator.comparing((Instance i) -> i.zone() == null ? -1 : Integer.parseInt(i.zone()))
                .thenComparingInt(Instance::updateDomain);
    }

    @Override
    public String toString() {
        String shape = instances.stream()
                .sorted(Comparator.comparing(Instance::instanceId, WavePlanner.BY_INSTANCE_ID))
                .map(i -> i.instanceId() + "[ud" + i.updateDomain() + " fd" + i.faultDomain()
                        + (i.zone() == null ? "" : " z" + i.zone())
                        + (i.health() == Instance.Health.UNHEALTHY ? " sick" : "")
                        + (onTarget.contains(i.instanceId()) ? " new" : "") + "]")
                .collect(Collectors.joining(" "));
        return "PlannerCase{" + strategy.mode() + " batchSize=" + strategy.batchSize()
                + " batchPercent=" + strategy.batchPercent() + " instanceIds=" + strategy.instanceIds()
                + " prioritizeUnhealthy=" + strategy.prioritizeUnhealthy() + ", " + capacity() + " instances: " + shape + "}";
    }
}
