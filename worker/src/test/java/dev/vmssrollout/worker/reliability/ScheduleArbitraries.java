package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.worker.reliability.Schedule.Moment;
import dev.vmssrollout.worker.reliability.Schedule.Setup;
import dev.vmssrollout.worker.reliability.Schedule.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Schedules as jqwik arbitraries: small scale sets (4-6 instances, 2-3 waves), any approval mode and failure policy,
 * up to two faults from the start, and one to six steps, each an action at a moment of the rollout. Shrinking makes
 * a failing schedule smaller: fewer steps, fewer faults, smaller scale sets.
 */
final class ScheduleArbitraries {

    private ScheduleArbitraries() {
    }

    static Arbitrary<Schedule> schedules() {
        return Combinators.combine(setups(), steps().list().ofMinSize(1).ofMaxSize(6)).as(Schedule::new);
    }

    static Arbitrary<Setup> setups() {
        Arbitrary<Integer> capacity = Arbitraries.integers().between(4, 6);
        Arbitrary<Integer> updateDomains = Arbitraries.integers().between(2, 3);
        Arbitrary<Boolean> batches = Arbitraries.of(false, true);
        Arbitrary<ApprovalMode> approval = Arbitraries.of(ApprovalMode.class);
        Arbitrary<FailurePolicy> onFailure = Arbitraries.of(FailurePolicy.class);
        Arbitrary<Boolean> pause = Arbitraries.of(false, true);
        Arbitrary<java.util.Set<ScheduleFault>> faults = Arbitraries.of(ScheduleFault.class).set().ofMaxSize(2);
        return Combinators.combine(capacity, updateDomains, batches, approval, onFailure, pause, faults).as(Setup::new);
    }

    static Arbitrary<Step> steps() {
        Arbitrary<Moment> moment = Arbitraries.of(Moment.class);
        Arbitrary<Integer> wave = Arbitraries.integers().between(0, 2);
        Arbitrary<ScheduleAction> action = Arbitraries.of(ScheduleAction.class);
        return Combinators.combine(moment, wave, action).as(Step::new);
    }
}
