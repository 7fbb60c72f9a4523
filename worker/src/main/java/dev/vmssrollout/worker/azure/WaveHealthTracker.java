package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.workflows.WaveHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, poll after poll, whether a wave is healthy. An instance counts as healthy once it has
 * run the latest model and reported healthy for minReady without a break, and as unhealthy once
 * it has reported unhealthy for as long: a single bad probe while an application warms up does
 * not fail a wave, and a single good one does not pass it.
 */
final class WaveHealthTracker {

    private final List<String> instanceIds;
    private final HealthPolicy policy;
    private final Map<String, Instant> healthySince = new HashMap<>();
    private final Map<String, Instant> unhealthySince = new HashMap<>();
    private Map<String, InstanceState> lastStates = Map.of();
    private Map<String, InstanceProblem> lastProblems = Map.of();
    /** Settled instances that report no health at all: named when the wave times out waiting for them. */
    private final Set<String> silent = new java.util.TreeSet<>();

    WaveHealthTracker(List<String> instanceIds, HealthPolicy policy) {
        this.instanceIds = List.copyOf(instanceIds);
        this.policy = policy;
    }

    /** Feeds one poll; returns the wave's outcome once it is decided. */
    Optional<WaveHealth> observe(Map<String, Instance> instances, Set<String> failed, Instant now) {
        return observe(instances, failed, Map.of(), now);
    }

    /**
     * Feeds one poll with what Azure said about failed and unhealthy instances; the outcome keeps it for those the
     * wave counts as failed or unhealthy.
     */
    Optional<WaveHealth> observe(Map<String, Instance> instances, Set<String> failed,
                                 Map<String, InstanceProblem> problems, Instant now) {
        lastProblems = problems;
        return decide(instances, failed, now).map(this::withProblems);
    }

    private Optional<WaveHealth> decide(Map<String, Instance> instances, Set<String> failed, Instant now) {
        Map<String, InstanceState> states = new LinkedHashMap<>();
        for (String id : instanceIds) {
            states.put(id, stateOf(id, instances.get(id), failed.contains(id), now));
        }
        lastStates = states;
        long bad = states.values().stream().filter(s -> s == InstanceState.UNHEALTHY || s == InstanceState.FAILED).count();
        long healthy = states.values().stream().filter(s -> s == InstanceState.HEALTHY).count();
        int tolerated = policy.toleratedUnhealthy(instanceIds.size());
        if (bad > tolerated) {
            return Optional.of(new WaveHealth(WaveHealth.Outcome.UNHEALTHY, states,
                    bad + " of " + instanceIds.size() + " instances unhealthy or failed (" + tolerated + " tolerated): "
                            + describeBad(states)));
        }
        if (healthy + bad == instanceIds.size()) {
            return Optional.of(new WaveHealth(WaveHealth.Outcome.HEALTHY, states,
                    healthy + " of " + instanceIds.size() + " instances healthy"));
        }
        return Optional.empty();
    }

    /**
     * Whether an instance of the wave is still out of service because of its upgrade (updating, or booting after
     * it). A failed or missing instance is not: nothing more will happen to it.
     */
    static boolean stillUpgrading(List<String> instanceIds, Map<String, Instance> instances, Set<String> failed) {
        return instanceIds.stream().filter(id -> !failed.contains(id)).map(instances::get)
                .anyMatch(i -> i != null && (i.updating() || i.power() == Instance.PowerState.STARTING));
    }

    /** Every instance not seen healthy counts, whatever it was seen as (an unhealthy one within tolerance too), or if never read. */
    WaveHealth timedOut(Duration timeout) {
        long notHealthy = instanceIds.stream().filter(id -> lastStates.get(id) != InstanceState.HEALTHY).count();
        String noSignal = silent.isEmpty() ? "" : "; no health signal from instance(s) " + String.join(", ", silent)
                + " (running the latest model, but nothing reports their health)";
        String seen = lastStates.isEmpty() ? "their health was never read" : describeBad(lastStates);
        return withProblems(new WaveHealth(WaveHealth.Outcome.TIMED_OUT, lastStates, notHealthy + " of "
                + instanceIds.size() + " instances not healthy after " + timeout + ": " + seen + noSignal));
    }

    private WaveHealth withProblems(WaveHealth health) {
        Map<String, InstanceProblem> bad = new LinkedHashMap<>();
        health.instances().forEach((id, state) -> {
            if ((state == InstanceState.FAILED || state == InstanceState.UNHEALTHY) && lastProblems.containsKey(id)) {
                bad.put(id, lastProblems.get(id));
            }
        });
        return health.withProblems(bad);
    }

    /** A short line for heartbeats and logs: how many instances are in each state. */
    String summary() {
        Map<InstanceState, Long> counts = new java.util.TreeMap<>();
        lastStates.values().forEach(s -> counts.merge(s, 1L, Long::sum));
        return counts.toString();
    }

    private InstanceState stateOf(String id, Instance instance, boolean failed, Instant now) {
        if (failed || instance == null) {
            forget(id);
            return InstanceState.FAILED;
        }
        boolean settled = instance.latestModelApplied() && !instance.updating()
                && instance.power() == Instance.PowerState.RUNNING;
        // No signal counts as healthy only when the plan asked for that (requireSignal=false): never assumed.
        boolean healthy = instance.health() == Instance.Health.HEALTHY
                || (instance.health() == Instance.Health.UNKNOWN && !policy.signalRequired());
        if (settled && instance.health() == Instance.Health.UNKNOWN && policy.signalRequired()) {
            silent.add(id);
        } else {
            silent.remove(id);
        }
        if (settled && healthy) {
            unhealthySince.remove(id);
            return lastedFor(healthySince, id, now) ? InstanceState.HEALTHY : InstanceState.UPGRADING;
        }
        if (settled && instance.health() == Instance.Health.UNHEALTHY) {
            healthySince.remove(id);
            return lastedFor(unhealthySince, id, now) ? InstanceState.UNHEALTHY : InstanceState.UPGRADING;
        }
        forget(id);
        return InstanceState.UPGRADING;
    }

    private boolean lastedFor(Map<String, Instant> since, String id, Instant now) {
        Instant start = since.computeIfAbsent(id, k -> now);
        return !now.isBefore(start.plus(policy.minReady()));
    }

    private void forget(String id) {
        healthySince.remove(id);
        unhealthySince.remove(id);
    }

    private static String describeBad(Map<String, InstanceState> states) {
        StringBuilder text = new StringBuilder();
        states.forEach((id, state) -> {
            if (state != InstanceState.HEALTHY) {
                text.append(text.isEmpty() ? "" : ", ").append("instance ").append(id).append(' ').append(state.name().toLowerCase());
            }
        });
        return text.isEmpty() ? "none" : text.toString();
    }
}
