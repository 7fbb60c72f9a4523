package dev.vmssrollout.db.testing;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The five promises of the reliability suite, checked on one rollout once it has settled, from what the database
 * holds (waves, instances, event log) and what the simulator saw (its report of the scale set):
 * <ol>
 *   <li>capacity: {@code minInService >= capacity - largest wave};</li>
 *   <li>exactly once: every instance the plan targets was upgraded once, twice after a rollback, and no other
 *       instance was touched;</li>
 *   <li>order: no wave started before the previous one completed healthy (or an operator accepted its failure),
 *       never two waves at once, and a completed wave took at least {@code minReady};</li>
 *   <li>nothing lost: the rollout ended, or waits for an operator with a recorded reason; its event log is
 *       {@code 1..lastSeq} without gaps or duplicates, starts with SUBMITTED and ends with the terminal event;</li>
 *   <li>recorded = observed: what the rollout records per instance (image and state) is what the census shows,
 *       and its state claims nothing the census denies ({@link RecordedEqualsObserved}).</li>
 * </ol>
 * <pre>
 * RolloutInvariants.of(store.find(id).orElseThrow(), new ScaleSetFacts(report.capacity(), report.minInService(),
 *         report.upgradeCounts(), new Census(modelImage, instances))).assertHold();
 * </pre>
 * Expected upgrade counts come from the event log: 1 for the instances of a wave that started, +1 when that wave
 * was rolled back. A scenario that retries a wave whose instances failed says what it expects with
 * {@link #expectUpgrades}.
 */
public final class RolloutInvariants {

    /**
     * What the simulator says about the rollout's scale set: its report, and its census (the model and every
     * instance as a VM list with instance view shows them). A scenario that cannot take a census passes null, and
     * recorded = observed is then left unchecked for it.
     */
    public record ScaleSetFacts(int capacity, int minInService, Map<String, Integer> upgradeCounts, Census census) {
        public ScaleSetFacts {
            upgradeCounts = Map.copyOf(upgradeCounts);
        }

        /** Report only, no census: recorded = observed is not checked. */
        public ScaleSetFacts(int capacity, int minInService, Map<String, Integer> upgradeCounts) {
            this(capacity, minInService, upgradeCounts, null);
        }
    }

    /** The scale set as Azure holds it at the end of a scenario: the model's image and each instance. */
    public record Census(Image model, List<Instance> instances) {
        public Census {
            instances = List.copyOf(instances);
        }
    }

    private static final Set<EventType> TERMINAL_EVENTS =
            EnumSet.of(EventType.SUCCEEDED, EventType.FAILED, EventType.CANCELLED, EventType.ROLLED_BACK,
                    EventType.TERMINATED);
    private static final Set<RolloutState> WAITS_FOR_OPERATOR =
            EnumSet.of(RolloutState.PAUSED, RolloutState.WAITING_FOR_APPROVAL);

    private final RolloutDetails rollout;
    private final ScaleSetFacts facts;
    private final Map<String, Integer> expectedOverrides = new HashMap<>();
    private boolean atMostOncePerAttempt;

    private RolloutInvariants(RolloutDetails rollout, ScaleSetFacts facts) {
        this.rollout = rollout;
        this.facts = facts;
    }

    public static RolloutInvariants of(RolloutDetails rollout, ScaleSetFacts facts) {
        return new RolloutInvariants(rollout, facts);
    }

    /** Overrides the count derived from the event log, e.g. for an instance whose failed upgrade was retried. */
    public RolloutInvariants expectUpgrades(String instanceId, int times) {
        expectedOverrides.put(instanceId, times);
        return this;
    }

    /**
     * For schedules that retry waves and roll back after failures, where how often a failed instance was sent again
     * depends on what Azure held at each attempt: exactly once becomes at most once per attempt, that is, an
     * instance is upgraded no more often than its wave was started plus rolled back (the log's WAVE_STARTED and
     * ROLLBACK_WAVE_STARTED events); an instance of a wave that never started, or skipped, never; an instance in no
     * wave (a scale-out added it) at most once per rollback (ROLLBACK_STARTED), which returns it to the previous image.
     */
    public RolloutInvariants atMostOncePerAttempt() {
        atMostOncePerAttempt = true;
        return this;
    }

    /** Fails with every violation found, and the rollout's event log to read them against. */
    public void assertHold() {
        List<String> violations = violations();
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("rollout " + rollout.id() + " (" + rollout.state() + ") broke "
                    + violations.size() + " invariant(s):");
            violations.forEach(v -> message.append("\n  - ").append(v));
            message.append("\nevent log:");
            rollout.events().forEach(e -> message.append("\n  ").append(e.seq()).append(' ').append(e.type())
                    .append(e.wave() == null ? "" : " wave " + e.wave()).append(": ").append(e.message()));
            message.append("\nupgrade counts: ").append(new TreeMap<>(facts.upgradeCounts()))
                    .append(", minInService ").append(facts.minInService()).append(" of ").append(facts.capacity());
            throw new AssertionError(message.toString());
        }
    }

    /** Every broken promise, in words; empty when all hold. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        capacity(violations);
        exactlyOnce(violations);
        order(violations);
        nothingLost(violations);
        if (facts.census() != null) {
            new RecordedEqualsObserved(rollout, facts.census()).check(violations);
        }
        return violations;
    }

    /** The most instances one wave takes out of service; 0 before the waves were planned. */
    public int largestWave() {
        return rollout.waves().stream().mapToInt(w -> w.instances().size()).max().orElse(0);
    }

    // 1. capacity
    private void capacity(List<String> violations) {
        int floor = facts.capacity() - largestWave();
        if (facts.minInService() < floor) {
            violations.add("capacity: " + facts.minInService() + " instances in service at the worst moment, fewer than "
                    + facts.capacity() + " - " + largestWave() + " (largest wave) = " + floor);
        }
    }

    // 2. exactly once
    private void exactlyOnce(List<String> violations) {
        if (atMostOncePerAttempt) {
            atMostOncePerAttempt(violations);
            return;
        }
        Map<String, Integer> expected = expectedUpgrades();
        Set<String> instances = new HashSet<>(expected.keySet());
        instances.addAll(facts.upgradeCounts().keySet());
        Map<String, String> wrong = new TreeMap<>();
        for (String instance : instances) {
            int want = expected.getOrDefault(instance, 0);
            int got = facts.upgradeCounts().getOrDefault(instance, 0);
            if (want != got) {
                wrong.put(instance, "upgraded " + got + "x, expected " + want + "x");
            }
        }
        if (!wrong.isEmpty()) {
            violations.add("exactly once: " + wrong);
        }
    }

    private void atMostOncePerAttempt(List<String> violations) {
        Map<Integer, Integer> attempts = new HashMap<>();
        for (EventRecord event : rollout.events()) {
            if (event.type() == EventType.WAVE_STARTED || event.type() == EventType.ROLLBACK_WAVE_STARTED) {
                attempts.merge(event.wave(), 1, Integer::sum);
            }
        }
        // An instance in no wave was added by a scale-out: each rollback attempt may return it once.
        int rollbacks = (int) rollout.events().stream().filter(e -> e.type() == EventType.ROLLBACK_STARTED).count();
        Map<String, Integer> allowed = new HashMap<>();
        for (WaveDetails wave : rollout.waves()) {
            wave.instances().forEach(i -> allowed.put(i.instanceId(), attempts.getOrDefault(wave.index(), 0)));
        }
        rollout.skippedInstanceIds().forEach(id -> allowed.put(id, 0));
        Map<String, String> wrong = new TreeMap<>();
        facts.upgradeCounts().forEach((instance, got) -> {
            int most = allowed.getOrDefault(instance, rollbacks);
            if (got > most) {
                wrong.put(instance, "upgraded " + got + "x, at most " + most + "x (attempts of its wave, or rollbacks"
                        + " for an instance a scale-out added)");
            }
        });
        if (!wrong.isEmpty()) {
            violations.add("exactly once (at most once per attempt): " + wrong);
        }
    }

    private Map<String, Integer> expectedUpgrades() {
        Set<Integer> started = new HashSet<>();
        Set<Integer> rolledBack = new HashSet<>();
        for (EventRecord event : rollout.events()) {
            if (event.type() == EventType.WAVE_STARTED) {
                started.add(event.wave());
            } else if (event.type() == EventType.ROLLBACK_WAVE_STARTED) {
                rolledBack.add(event.wave());
            }
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (WaveDetails wave : rollout.waves()) {
            int times = (started.contains(wave.index()) ? 1 : 0) + (rolledBack.contains(wave.index()) ? 1 : 0);
            for (InstanceStatus instance : wave.instances()) {
                expected.put(instance.instanceId(), times);
            }
        }
        rollout.skippedInstanceIds().forEach(id -> expected.put(id, 0));
        expected.putAll(expectedOverrides);
        return expected;
    }

    // 3. order
    private void order(List<String> violations) {
        Integer inFlight = null;
        Set<Integer> cleared = new HashSet<>();
        Set<Integer> failed = new HashSet<>();
        for (EventRecord event : rollout.events()) {
            Integer wave = event.wave();
            switch (event.type()) {
                case WAVE_STARTED, ROLLBACK_WAVE_STARTED -> {
                    if (inFlight != null) {
                        violations.add("order: event " + event.seq() + " starts wave " + wave + " while wave "
                                + inFlight + " is still in flight");
                    }
                    if (event.type() == EventType.WAVE_STARTED && wave > 0 && !cleared.contains(wave - 1)) {
                        violations.add("order: event " + event.seq() + " starts wave " + wave + " before wave "
                                + (wave - 1) + " completed healthy (or an operator accepted its failure)");
                    }
                    inFlight = wave;
                }
                case WAVE_VERIFYING -> {
                    if (!wave.equals(inFlight)) {
                        violations.add("order: event " + event.seq() + " verifies wave " + wave + " which is not in flight");
                    }
                }
                case WAVE_COMPLETED -> {
                    inFlight = null;
                    cleared.add(wave);
                }
                case WAVE_FAILED -> {
                    inFlight = null;
                    failed.add(wave);
                }
                case ROLLBACK_WAVE_COMPLETED, ROLLBACK_WAVE_FAILED -> inFlight = null;
                // A cancel or rollback stopped the wave's activity and recorded what Azure holds; it is not cleared.
                case WAVE_INTERRUPTED -> inFlight = null;
                // An operator's resume after a failed wave accepts it: the rollout goes on past it.
                case RESUMED -> failed.forEach(cleared::add);
                // The reconciler restarted a lost workflow: the wave it was in is run again from the start.
                case RECOVERED -> inFlight = null;
                default -> {
                }
            }
        }
        List<WaveDetails> waves = rollout.waves();
        Duration minReady = rollout.plan().health() == null ? Duration.ZERO : rollout.plan().health().minReady();
        for (int i = 0; i < waves.size(); i++) {
            WaveDetails wave = waves.get(i);
            if (wave.state() != WaveState.SUCCEEDED) {
                continue;
            }
            if (wave.startedAt() == null || wave.completedAt() == null) {
                violations.add("order: wave " + i + " succeeded without start and completion times");
                continue;
            }
            if (Duration.between(wave.startedAt(), wave.completedAt()).compareTo(minReady) < 0) {
                violations.add("order: wave " + i + " completed " + Duration.between(wave.startedAt(), wave.completedAt())
                        + " after it started, sooner than minReady " + minReady);
            }
            if (i > 0 && waves.get(i - 1).state() == WaveState.SUCCEEDED && waves.get(i - 1).completedAt() != null
                    && wave.startedAt().isBefore(waves.get(i - 1).completedAt())) {
                violations.add("order: wave " + i + " started at " + wave.startedAt() + ", before wave " + (i - 1)
                        + " completed at " + waves.get(i - 1).completedAt());
            }
        }
    }

    // 4. nothing lost
    private void nothingLost(List<String> violations) {
        List<EventRecord> events = rollout.events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != i + 1) {
                violations.add("nothing lost: event log has seq " + events.get(i).seq() + " at position " + (i + 1)
                        + " (a gap or a duplicate)");
                break;
            }
        }
        if (events.size() != rollout.lastSeq()) {
            violations.add("nothing lost: " + events.size() + " events stored but last_seq is " + rollout.lastSeq());
        }
        if (events.isEmpty() || events.get(0).type() != EventType.SUBMITTED) {
            violations.add("nothing lost: the event log does not start with SUBMITTED");
        }
        long terminalEvents = events.stream().filter(e -> TERMINAL_EVENTS.contains(e.type())).count();
        EventRecord last = events.isEmpty() ? null : events.get(events.size() - 1);
        RolloutState state = rollout.state();
        if (state.isTerminal()) {
            if (last == null || !last.type().name().equals(state.name()) || terminalEvents != 1) {
                violations.add("nothing lost: rollout is " + state + " but its log ends with "
                        + (last == null ? "nothing" : last.type()) + " and holds " + terminalEvents + " terminal events");
            }
            if (state != RolloutState.SUCCEEDED && blank(rollout.stateReason())) {
                violations.add("nothing lost: rollout ended " + state + " without a recorded reason");
            }
            if (state == RolloutState.SUCCEEDED) {
                allSucceeded(violations);
            }
        } else if (WAITS_FOR_OPERATOR.contains(state)) {
            if (blank(rollout.stateReason())) {
                violations.add("nothing lost: rollout waits (" + state + ") without a recorded reason");
            }
            if (terminalEvents != 0) {
                violations.add("nothing lost: rollout is " + state + " but its log holds a terminal event");
            }
        } else {
            violations.add("nothing lost: rollout is " + state + ": neither ended nor waiting for an operator");
        }
        Map<Integer, Integer> approvals = new HashMap<>();
        events.stream().filter(e -> e.type() == EventType.APPROVED).forEach(e -> approvals.merge(e.wave(), 1, Integer::sum));
        approvals.forEach((wave, count) -> {
            if (count > 1) {
                violations.add("nothing lost: wave " + wave + " was approved " + count + " times");
            }
        });
        for (EventType once : List.of(EventType.SUBMITTED, EventType.WAVES_PLANNED, EventType.PREFLIGHT_PASSED)) {
            long count = events.stream().filter(e -> e.type() == once).count();
            if (count > 1) {
                violations.add("nothing lost: " + once + " recorded " + count + " times");
            }
        }
    }

    /** Every wave succeeded, or failed and an operator accepted it (resume); no instance was left mid-upgrade. */
    private void allSucceeded(List<String> violations) {
        Set<Integer> accepted = new HashSet<>();
        Set<Integer> failed = new HashSet<>();
        for (EventRecord event : rollout.events()) {
            if (event.type() == EventType.WAVE_FAILED) {
                failed.add(event.wave());
            } else if (event.type() == EventType.RESUMED) {
                accepted.addAll(failed);
            }
        }
        for (WaveDetails wave : rollout.waves()) {
            boolean acceptedFailure = wave.state() == WaveState.FAILED && accepted.contains(wave.index());
            if (wave.state() != WaveState.SUCCEEDED && !acceptedFailure) {
                violations.add("nothing lost: rollout SUCCEEDED with wave " + wave.index() + " " + wave.state());
            }
            Set<InstanceState> allowed = acceptedFailure
                    ? EnumSet.of(InstanceState.HEALTHY, InstanceState.UNHEALTHY, InstanceState.FAILED)
                    : EnumSet.of(InstanceState.HEALTHY);
            wave.instances().stream().filter(i -> !allowed.contains(i.state())).forEach(i ->
                    violations.add("nothing lost: rollout SUCCEEDED with instance " + i.instanceId() + " " + i.state()
                            + " in wave " + wave.index()));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
