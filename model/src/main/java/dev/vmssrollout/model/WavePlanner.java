package dev.vmssrollout.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a scale set's instances into the ordered waves of a rollout. Pure: the same strategy,
 * target and instances always give the same plan, so a resumed rollout can check it is carrying
 * on with the plan it started.
 */
public final class WavePlanner {

    /** Instance IDs are numbers in Azure; order them as numbers so "10" comes after "9". */
    public static final Comparator<String> BY_INSTANCE_ID =
            Comparator.comparingLong((String id) -> Long.parseLong(id)).thenComparing(Function.identity());

    private WavePlanner() {
    }

    public static WavePlan plan(Strategy strategy, Image target, List<Instance> instances) {
        // The planner may see a strategy nobody validated (a preview, a plan read back from storage):
        // with a batchSize below 1 it would cut empty waves forever, with a duplicate ID plan an
        // instance twice. Refuse the strategy's shape problems before grouping anything.
        List<Violation> violations = new ArrayList<>(PlanValidator.validateStrategy(strategy));
        if (!violations.isEmpty()) {
            throw new PlanRejectedException(violations);
        }
        List<Instance> candidates = candidates(strategy, instances, violations);
        List<String> skipped = new ArrayList<>();
        List<Instance> toUpgrade = new ArrayList<>();
        for (Instance instance : candidates) {
            if (target.sameAs(instance.image())) {
                skipped.add(instance.instanceId());
            } else {
                toUpgrade.add(instance);
            }
        }
        if (violations.isEmpty() && toUpgrade.isEmpty()) {
            violations.add(new Violation("image", "nothing to upgrade: every targeted instance already runs " + target));
        }
        int limit = waveLimit(strategy, instances.size());
        List<List<Instance>> groups = new ArrayList<>();
        if (strategy.prioritizeUnhealthy()) {
            // Unhealthy first, but grouped like the rest: a wave of them still stays within one update
            // domain (fault domain, zone), so a health probe that is wrong cannot take down several at once.
            Map<Boolean, List<Instance>> byHealth = toUpgrade.stream()
                    .collect(Collectors.partitioningBy(i -> i.health() == Instance.Health.UNHEALTHY));
            groups.addAll(group(strategy, byHealth.get(true), limit));
            groups.addAll(group(strategy, byHealth.get(false), limit));
        } else {
            groups.addAll(group(strategy, toUpgrade, limit));
        }
        List<Wave> waves = new ArrayList<>();
        for (List<Instance> members : groups) {
            waves.add(new Wave(waves.size(), label(strategy.mode(), members),
                    members.stream().map(Instance::instanceId).toList()));
        }
        checkCapacity(waves, instances.size(), violations);
        if (!violations.isEmpty()) {
            throw new PlanRejectedException(violations);
        }
        return new WavePlan(waves, skipped);
    }

    private static List<Instance> candidates(Strategy strategy, List<Instance> instances, List<Violation> violations) {
        List<Instance> sorted = instances.stream()
                .sorted(Comparator.comparing(Instance::instanceId, BY_INSTANCE_ID)).toList();
        if (strategy.mode() != StrategyMode.INSTANCES) {
            return sorted;
        }
        Map<String, Instance> byId = sorted.stream().collect(Collectors.toMap(Instance::instanceId, i -> i));
        List<String> unknown = strategy.instanceIds().stream().filter(id -> !byId.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            violations.add(new Violation("strategy.instanceIds", "the scale set has no instance " + String.join(", ", unknown)
                    + " (it has " + sorted.size() + " instances: " + describeIds(byId.keySet()) + ")"));
        }
        return strategy.instanceIds().stream().filter(byId::containsKey).map(byId::get).toList();
    }

    /** The most instances one wave may hold; Integer.MAX_VALUE when only the grouping limits it. */
    static int waveLimit(Strategy strategy, int capacity) {
        if (strategy.batchSize() != null) {
            return strategy.batchSize();
        }
        if (strategy.batchPercent() != null) {
            return Math.max(1, (int) Math.ceil(capacity * strategy.batchPercent() / 100.0));
        }
        return strategy.mode() == StrategyMode.INSTANCES ? 1 : Integer.MAX_VALUE;
    }

    private static List<List<Instance>> group(Strategy strategy, List<Instance> instances, int limit) {
        return switch (strategy.mode()) {
            case UPDATE_DOMAIN -> groupedBy(instances, Instance::updateDomain, limit);
            case FAULT_DOMAIN -> groupedBy(instances, Instance::faultDomain, limit);
            case ZONE -> groupedBy(instances, i -> zoneKey(i.zone()) + "/" + String.format("%06d", i.updateDomain()), limit);
            // Sorted by update domain, then cut: a batch only spans the domains it has to.
            case BATCH -> chunks(instances.stream().sorted(Comparator.comparingInt(Instance::updateDomain)).toList(), limit);
            case INSTANCES -> chunks(instances, limit);
        };
    }

    private static <K extends Comparable<K>> List<List<Instance>> groupedBy(List<Instance> instances,
                                                                         Function<Instance, K> key, int limit) {
        Map<K, List<Instance>> groups = instances.stream()
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
        List<List<Instance>> result = new ArrayList<>();
        groups.values().forEach(members -> result.addAll(chunks(members, limit)));
        return result;
    }

    private static String zoneKey(String zone) {
        // Zones are "1", "2", "3"; pad so they sort as numbers, with no zone first.
        return zone == null ? "" : String.format("%6s", zone);
    }

    private static List<List<Instance>> chunks(List<Instance> instances, int limit) {
        List<List<Instance>> result = new ArrayList<>();
        for (int from = 0; from < instances.size(); from += limit) {
            result.add(instances.subList(from, (int) Math.min((long) from + limit, instances.size())));
        }
        return result;
    }

    private static void checkCapacity(List<Wave> waves, int capacity, List<Violation> violations) {
        for (Wave wave : waves) {
            if (wave.size() >= capacity) {
                // Upgrading every instance at once is the downtime this product exists to prevent.
                violations.add(new Violation("strategy", "wave " + (wave.index() + 1) + " (" + wave.label()
                        + ") would take all " + capacity + " instances out of service at once; "
                        + "use a smaller batchSize or batchPercent, or another strategy mode"));
                return;
            }
        }
    }

    private static String label(StrategyMode mode, List<Instance> members) {
        Instance first = members.get(0);
        return switch (mode) {
            case UPDATE_DOMAIN -> "update domain " + describe(members, Instance::updateDomain);
            case FAULT_DOMAIN -> "fault domain " + describe(members, Instance::faultDomain);
            case ZONE -> (first.zone() == null ? "no zone" : "zone " + first.zone())
                    + ", update domain " + describe(members, Instance::updateDomain);
            case BATCH -> {
                String domains = describe(members, Instance::updateDomain);
                yield (domains.contains(",") ? "update domains " : "update domain ") + domains;
            }
            case INSTANCES -> "instance" + (members.size() == 1 ? " " : "s ")
                    + members.stream().map(Instance::instanceId).collect(Collectors.joining(", "));
        };
    }

    private static String describe(List<Instance> members, Function<Instance, Integer> domain) {
        Set<Integer> domains = members.stream().map(domain).collect(Collectors.toCollection(java.util.TreeSet::new));
        return domains.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String describeIds(Set<String> ids) {
        List<String> sorted = ids.stream().sorted(BY_INSTANCE_ID).toList();
        return sorted.size() <= 10 ? String.join(", ", sorted)
                : String.join(", ", sorted.subList(0, 10)) + ", ...";
    }
}
