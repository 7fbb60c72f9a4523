package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One generated scenario: a small scale set and a plan, the faults Azure shows from the start, and the steps (an
 * operator's action, a fault, a worker kill) each taken at a moment of the rollout. Printed as a line that can be
 * read back into a test by hand.
 */
record Schedule(Setup setup, List<Step> steps) {

    Schedule {
        steps = List.copyOf(steps);
    }

    /**
     * @param capacity          instances of the scale set, over {@code updateDomains} update domains
     * @param batchOfTwo        waves of two instances (BATCH) instead of one per update domain
     * @param pauseBetweenWaves a short pause between waves, for steps to land between them
     */
    record Setup(int capacity, int updateDomains, boolean batchOfTwo, ApprovalMode approval, FailurePolicy onFailure,
                 boolean pauseBetweenWaves, Set<ScheduleFault> faults) {

        Setup {
            faults = Set.copyOf(faults);
        }

        @Override
        public String toString() {
            return capacity + " instances, " + (batchOfTwo ? "batches of 2" : updateDomains + " update domains")
                    + ", approval " + approval + ", onFailure " + onFailure
                    + (pauseBetweenWaves ? ", pause between waves" : "")
                    + ", faults " + faults.stream().map(Enum::name).sorted().collect(Collectors.joining("+", "[", "]"));
        }
    }

    /** When a step is taken: while wave {@code wave} is upgrading or verifying, when the rollout waits, or at once. */
    enum Moment { UPGRADING, VERIFYING, WAITING, AT_ONCE }

    record Step(Moment moment, int wave, ScheduleAction action) {

        @Override
        public String toString() {
            return action + switch (moment) {
                case UPGRADING, VERIFYING -> "@wave" + wave + "." + moment.name().toLowerCase();
                case WAITING -> "@waiting";
                case AT_ONCE -> "@once";
            };
        }
    }

    /** The same scenario with step {@code index} left out: a smaller schedule when looking for the minimal one. */
    Schedule without(int index) {
        List<Step> fewer = new java.util.ArrayList<>(steps);
        fewer.remove(index);
        return new Schedule(setup, fewer);
    }

    /** The same scenario without fault {@code fault}. */
    Schedule without(ScheduleFault fault) {
        Set<ScheduleFault> fewer = new java.util.HashSet<>(setup.faults());
        fewer.remove(fault);
        return new Schedule(new Setup(setup.capacity(), setup.updateDomains(), setup.batchOfTwo(), setup.approval(),
                setup.onFailure(), setup.pauseBetweenWaves(), fewer), steps);
    }

    @Override
    public String toString() {
        return setup + "; steps " + steps;
    }
}
