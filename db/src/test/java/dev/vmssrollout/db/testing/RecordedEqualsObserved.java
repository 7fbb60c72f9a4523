package dev.vmssrollout.db.testing;

import dev.vmssrollout.db.testing.RolloutInvariants.Census;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent.Baseline;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Invariant 5, recorded = observed: what the rollout records per instance equals what Azure holds, and the rollout's
 * state claims nothing the census denies. A recorded state says which image the instance runs:
 * <ul>
 *   <li>PENDING (never sent) and ROLLED_BACK: the previous image; ROLLED_BACK also not unhealthy;</li>
 *   <li>HEALTHY: the target image, healthy and not updating; SKIPPED: the target (it ran it before the rollout);</li>
 *   <li>UNHEALTHY: the target, or the previous image when its wave was rolled back (it came back unhealthy);</li>
 *   <li>DELETED: no such instance;</li>
 *   <li>UPGRADING, FAILED and any state added later: unknown, so any image. Unknown is never a success.</li>
 * </ul>
 * A SUCCEEDED rollout has the model on the target and every instance on it (an instance recorded FAILED in a wave
 * an operator accepted excepted); a ROLLED_BACK rollout has the model on the previous image and no instance on the
 * target, bar the instances skipped because they ran it before the rollout.
 */
final class RecordedEqualsObserved {

    private enum ImpliedImage { PREVIOUS, TARGET, ABSENT, UNKNOWN }

    private record Recorded(String instanceId, InstanceState state, int wave) {
    }

    private static final Comparator<String> NUMERIC = Comparator.comparingLong(RecordedEqualsObserved::number)
            .thenComparing(Function.identity());

    private final RolloutDetails rollout;
    private final Census census;
    private final Set<Integer> rolledBackWaves;

    RecordedEqualsObserved(RolloutDetails rollout, Census census) {
        this.rollout = rollout;
        this.census = census;
        this.rolledBackWaves = rolledBackWaves(rollout);
    }

    void check(List<String> violations) {
        Baseline baseline = rollout.baseline();
        if (baseline == null) {
            if (rollout.state() == RolloutState.SUCCEEDED) {
                violations.add("recorded = observed: rollout SUCCEEDED without a recorded baseline (previous and target image)");
            }
            return; // nothing was planned, so nothing is recorded per instance
        }
        Map<String, Instance> observed = census.instances().stream()
                .collect(Collectors.toMap(Instance::instanceId, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, Recorded> recorded = recorded();
        Map<String, String> wrong = new TreeMap<>(NUMERIC);
        recorded.values().forEach(r -> {
            String problem = mismatch(r, observed.get(r.instanceId()), baseline);
            if (problem != null) {
                wrong.put(r.instanceId(), problem);
            }
        });
        if (!wrong.isEmpty()) {
            violations.add("recorded = observed: " + wrong);
        }
        finalState(violations, observed, recorded, baseline);
    }

    /** Every instance the rollout holds a record of: the waves' instances and the skipped ones. */
    private Map<String, Recorded> recorded() {
        Map<String, Recorded> recorded = new LinkedHashMap<>();
        rollout.skippedInstanceIds().forEach(id -> recorded.put(id, new Recorded(id, InstanceState.SKIPPED, -1)));
        for (WaveDetails wave : rollout.waves()) {
            for (InstanceStatus instance : wave.instances()) {
                recorded.put(instance.instanceId(), new Recorded(instance.instanceId(), instance.state(), wave.index()));
            }
        }
        return recorded;
    }

    private static Set<Integer> rolledBackWaves(RolloutDetails rollout) {
        Set<Integer> waves = new HashSet<>();
        for (EventRecord event : rollout.events()) {
            if (event.type() == EventType.ROLLBACK_WAVE_STARTED) {
                waves.add(event.wave());
            }
        }
        return waves;
    }

    private ImpliedImage implied(Recorded recorded) {
        return switch (recorded.state()) {
            case PENDING, ROLLED_BACK -> ImpliedImage.PREVIOUS;
            case HEALTHY, SKIPPED -> ImpliedImage.TARGET;
            case UNHEALTHY -> rolledBackWaves.contains(recorded.wave()) ? ImpliedImage.PREVIOUS : ImpliedImage.TARGET;
            case DELETED -> ImpliedImage.ABSENT;
            default -> ImpliedImage.UNKNOWN;
        };
    }

    /** What is wrong about one instance's record, or null when Azure agrees with it. */
    private String mismatch(Recorded recorded, Instance instance, Baseline baseline) {
        ImpliedImage implied = implied(recorded);
        String says = "recorded " + recorded.state();
        if (implied == ImpliedImage.ABSENT) {
            return instance == null ? null : says + " but Azure still has it, running " + instance.image();
        }
        if (instance == null) {
            return says + " but Azure has no such instance";
        }
        if (implied == ImpliedImage.TARGET && !runs(instance, baseline.targetImage())) {
            return says + " (so on " + baseline.targetImage() + ") but it runs " + instance.image();
        }
        if (implied == ImpliedImage.PREVIOUS && !runs(instance, baseline.previousImage())) {
            return says + " (so on " + baseline.previousImage() + ") but it runs " + instance.image();
        }
        if (recorded.state() == InstanceState.HEALTHY
                && (instance.health() != Instance.Health.HEALTHY || instance.updating())) {
            return says + " but Azure reports health " + instance.health() + (instance.updating() ? ", updating" : "");
        }
        if (recorded.state() == InstanceState.ROLLED_BACK && instance.health() == Instance.Health.UNHEALTHY) {
            return says + " but Azure reports it UNHEALTHY";
        }
        return null;
    }

    /** The rollout's state claims nothing the census denies. */
    private void finalState(List<String> violations, Map<String, Instance> observed, Map<String, Recorded> recorded,
                            Baseline baseline) {
        Image target = baseline.targetImage();
        Image previous = baseline.previousImage();
        RolloutState state = rollout.state();
        if (state == RolloutState.SUCCEEDED) {
            if (census.model() == null || !census.model().sameAs(target)) {
                violations.add("recorded = observed: rollout SUCCEEDED but the model holds " + census.model()
                        + ", not " + target);
            }
            Map<String, String> off = new TreeMap<>(NUMERIC);
            observed.values().stream()
                    .filter(i -> !runs(i, target))
                    // an operator accepted its failed wave; the record says FAILED, not a success
                    .filter(i -> !recordedAs(recorded, i, InstanceState.FAILED))
                    .forEach(i -> off.put(i.instanceId(), String.valueOf(i.image())
                            + (recorded.containsKey(i.instanceId()) ? "" : " (not in the record)")));
            if (!off.isEmpty()) {
                violations.add("recorded = observed: rollout SUCCEEDED with instances not on " + target + ": " + off);
            }
        } else if (state == RolloutState.ROLLED_BACK) {
            if (census.model() == null || !runsImage(census.model(), previous)) {
                violations.add("recorded = observed: rollout ROLLED_BACK but the model holds " + census.model()
                        + ", not " + previous);
            }
            if (runsImage(target, previous)) {
                return; // nothing to tell apart
            }
            Map<String, String> onTarget = new TreeMap<>(NUMERIC);
            observed.values().stream()
                    .filter(i -> runs(i, target))
                    .filter(i -> !recordedAs(recorded, i, InstanceState.SKIPPED))
                    .forEach(i -> onTarget.put(i.instanceId(), String.valueOf(i.image())
                            + (recorded.containsKey(i.instanceId()) ? " (recorded " + recorded.get(i.instanceId()).state()
                            + ")" : " (not in the record)")));
            if (!onTarget.isEmpty()) {
                violations.add("recorded = observed: rollout ROLLED_BACK with instances on the new image: " + onTarget);
            }
        }
    }

    private static boolean recordedAs(Map<String, Recorded> recorded, Instance instance, InstanceState state) {
        Recorded record = recorded.get(instance.instanceId());
        return record != null && record.state() == state;
    }

    private static boolean runs(Instance instance, Image image) {
        return instance.image() != null && runsImage(instance.image(), image);
    }

    private static boolean runsImage(Image runs, Image image) {
        return image != null && runs.fulfils(image);
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
