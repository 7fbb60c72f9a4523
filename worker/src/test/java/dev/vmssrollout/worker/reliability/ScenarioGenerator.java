package dev.vmssrollout.worker.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs many schedules and keeps what they found: how many were tried, which broke an invariant (with the smallest
 * schedule, found by leaving steps and faults out one at a time while the same invariant still breaks) and how long
 * it took. Used by the soak test, which must go on past the first violation to count them all.
 */
final class ScenarioGenerator {

    /** A schedule that broke an invariant, and the smallest one found that breaks the same. */
    record Violation(long seed, ScheduleRunner.Result found, ScheduleRunner.Result minimal) {
    }

    /** The figures of a campaign. */
    record Figures(long seed, int tried, List<Violation> violations, Map<String, Integer> endStates, long millis) {
    }

    private final ScheduleRunner runner;

    ScenarioGenerator(ScheduleRunner runner) {
        this.runner = runner;
    }

    /** The invariant a violation names ("recorded = observed", "capacity", ...): the text before the first colon. */
    static String invariant(String violation) {
        int colon = violation.indexOf(':');
        return colon < 0 ? violation : violation.substring(0, colon);
    }

    /** Leaves out steps, then faults, one at a time, keeping each removal after which the same invariant breaks. */
    ScheduleRunner.Result minimise(ScheduleRunner.Result failed) {
        String broken = invariant(failed.violations().get(0));
        ScheduleRunner.Result smallest = failed;
        for (int i = smallest.schedule().steps().size() - 1; i >= 0; i--) {
            ScheduleRunner.Result attempt = runner.run(smallest.schedule().without(i));
            if (breaks(attempt, broken)) {
                smallest = attempt;
            }
        }
        for (ScheduleFault fault : List.copyOf(smallest.schedule().setup().faults())) {
            ScheduleRunner.Result attempt = runner.run(smallest.schedule().without(fault));
            if (breaks(attempt, broken)) {
                smallest = attempt;
            }
        }
        return smallest;
    }

    private static boolean breaks(ScheduleRunner.Result result, String invariant) {
        return result.violations().stream().anyMatch(v -> invariant(v).equals(invariant));
    }

    /**
     * Runs schedule seeds {@code seed .. seed + count - 1}, going on after violations. The first violation of each
     * kind (the invariant and the end state) is minimised; later ones of that kind are kept as found, since
     * minimising costs a run per step and fault.
     */
    Figures run(long seed, int count, java.util.function.LongFunction<Schedule> scheduleOf) {
        long started = System.nanoTime();
        List<Violation> violations = new ArrayList<>();
        java.util.Set<String> kinds = new java.util.HashSet<>();
        Map<String, Integer> endStates = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            long scheduleSeed = seed + i;
            ScheduleRunner.Result result = runner.run(scheduleOf.apply(scheduleSeed));
            endStates.merge(result.state().name(), 1, Integer::sum);
            System.out.print("[generator] seed " + scheduleSeed + " ");
            print(result);
            if (result.violated()) {
                boolean first = kinds.add(invariant(result.violations().get(0)) + " " + result.state());
                ScheduleRunner.Result minimal = first ? minimise(result) : result;
                System.out.println("[generator] seed " + scheduleSeed + " minimal: " + minimal.schedule()
                        + " -> " + minimal.state() + " " + minimal.violations());
                violations.add(new Violation(scheduleSeed, result, minimal));
            }
        }
        return new Figures(seed, count, violations, endStates, (System.nanoTime() - started) / 1_000_000);
    }

    static void print(ScheduleRunner.Result result) {
        System.out.println("[generator] " + result.millis() + " ms " + result.state()
                + (result.violated() ? " VIOLATED " + result.violations() : " ok") + " | " + result.schedule()
                + " | taken " + result.steps() + " | rollout " + result.rolloutId() + ": " + result.reason());
    }
}
