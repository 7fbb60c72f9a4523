package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.worker.reliability.Schedule.Moment;
import dev.vmssrollout.worker.reliability.Schedule.Setup;
import dev.vmssrollout.worker.reliability.Schedule.Step;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.TaskQueues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one schedule against the stack (simulator, PostgreSQL, Temporal, the real worker) on a scale set of its own:
 * submits the rollout, takes each step when its moment comes (or skips it when the moment has passed), then lets the
 * rollout settle, an operator approving what waits for approval, and checks every invariant of the suite.
 */
final class ScheduleRunner {

    /** Milliseconds per upgrade and per boot: a wave takes a fraction of a second, so many schedules run a minute. */
    static final long UPGRADE_MILLIS = 60;
    static final long BOOT_MILLIS = 30;
    /** Every ARM call takes this long, so a step can land while a call is in flight. */
    static final long ARM_LATENCY_MILLIS = 10;
    /** A rollout not ended nor waiting for an operator this long after its last step is stuck. */
    static final Duration SETTLE = Duration.ofSeconds(60);
    /** A rollout that waits for an operator this long, its step's moment not come, will not get there on its own. */
    private static final long QUIET_MILLIS = 400;
    /** A paused rollout that recorded nothing this long has taken in every request sent to it (on a machine that is not starved). */
    private static final long SETTLED_QUIET_MILLIS = 1_000;

    /** One schedule's run, as the steps see it. */
    record Run(ReliabilityStack stack, ScaleSetKey key, String id) {

        RolloutDetails rollout() {
            return stack.rollout(id);
        }

        RolloutWorkflow workflow() {
            return stack.workflow(id);
        }

        dev.vmssrollout.worker.azure.AzureScaleSetActivities arm() {
            return stack.arm();
        }
    }

    /** What a schedule did and which invariants it broke. */
    record Result(Schedule schedule, String rolloutId, RolloutState state, String reason, List<String> steps,
                  List<String> violations, long millis) {

        boolean violated() {
            return !violations.isEmpty();
        }
    }

    private static final AtomicInteger SCALE_SETS = new AtomicInteger();

    private final ReliabilityStack stack;
    private final long settledQuietMillis;

    ScheduleRunner(ReliabilityStack stack) {
        this(stack, SETTLED_QUIET_MILLIS);
    }

    /** With a longer quiet time for a schedule whose last step's signal may reach a starved workflow late. */
    ScheduleRunner(ReliabilityStack stack, long settledQuietMillis) {
        this.stack = stack;
        this.settledQuietMillis = settledQuietMillis;
    }

    /** The faults every schedule has: a little latency on each ARM call. */
    static Faults.Builder baseFaults() {
        return Faults.builder().latencyMillis(ARM_LATENCY_MILLIS).seed(7);
    }

    Result run(Schedule schedule) {
        long started = System.nanoTime();
        Setup setup = schedule.setup();
        ScaleSetKey key = stack.scaleSet("gen-" + SCALE_SETS.incrementAndGet(), ReliabilityStack
                .scaleSetOf(setup.capacity(), UPGRADE_MILLIS, BOOT_MILLIS).updateDomains(setup.updateDomains()));
        Faults.Builder faults = baseFaults();
        setup.faults().forEach(f -> f.addTo(faults));
        stack.faults(key, faults.build());
        String id = stack.submit(plan(key, setup), "alice");
        Run run = new Run(stack, key, id);
        List<String> taken = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        try {
            for (Step step : schedule.steps()) {
                taken.add(take(run, step));
            }
            if (!settle(run)) {
                RolloutDetails stuck = run.rollout();
                violations.add("settled: rollout still " + stuck.state() + " " + SETTLE.toSeconds()
                        + " s after its last step (" + stuck.stateReason() + ")");
            }
            quiesce(run);
            violations.addAll(stack.invariants(id, key, setup.capacity()).atMostOncePerAttempt().violations());
        } finally {
            stopWorkflow(id);
        }
        RolloutDetails end = run.rollout();
        return new Result(schedule, id, end.state(), end.stateReason(), taken, violations,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static RolloutPlan plan(ScaleSetKey key, Setup setup) {
        Strategy strategy = setup.batchOfTwo() ? Strategy.of(StrategyMode.BATCH).withBatchSize(2) : Strategy.byUpdateDomain();
        if (setup.pauseBetweenWaves()) {
            strategy = strategy.withPauseBetweenWaves(Duration.ofMillis(300));
        }
        return new RolloutPlan(ReliabilityStack.ref(key), ImageChange.toVersion(ReliabilityStack.NEXT_VERSION), strategy,
                setup.approval(), new HealthPolicy(Duration.ofSeconds(5), Duration.ZERO, 0), setup.onFailure(), false);
    }

    /** Takes the step when its moment comes; says what happened. */
    private String take(Run run, Step step) {
        long quietSince = -1;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            RolloutDetails rollout = run.rollout();
            Due due = due(step, rollout);
            if (due == Due.NOW && rollout.state().isTerminal() && step.action().changesAzure()) {
                return step + " missed (the rollout ended " + rollout.state() + ")";
            }
            if (due == Due.NOW) {
                return apply(run, step);
            }
            if (due == Due.PASSED) {
                return step + " missed (" + rollout.state() + ")";
            }
            if (waitsForOperator(rollout.state())) {
                quietSince = quietSince < 0 ? System.nanoTime() : quietSince;
                if ((System.nanoTime() - quietSince) / 1_000_000 > QUIET_MILLIS) {
                    return step + " missed (the rollout waits: " + rollout.state() + ")";
                }
            } else {
                quietSince = -1;
            }
            sleep(5);
        }
        return step + " missed (its moment did not come within " + SETTLE.toSeconds() + " s)";
    }

    private enum Due { NOW, NOT_YET, PASSED }

    private static Due due(Step step, RolloutDetails rollout) {
        if (step.moment() == Moment.AT_ONCE) {
            return Due.NOW;
        }
        if (step.moment() == Moment.WAITING) {
            return waitsForOperator(rollout.state()) || rollout.state().isTerminal() ? Due.NOW : Due.NOT_YET;
        }
        if (rollout.state().isTerminal()) {
            return Due.PASSED;
        }
        if (rollout.waves().isEmpty()) {
            return Due.NOT_YET;
        }
        if (rollout.waves().size() <= step.wave()) {
            return Due.PASSED;
        }
        WaveState phase = step.moment() == Moment.UPGRADING ? WaveState.UPGRADING : WaveState.VERIFYING;
        WaveState now = rollout.waves().get(step.wave()).state();
        if (now == phase) {
            return Due.NOW;
        }
        return rank(now) > rank(phase) ? Due.PASSED : Due.NOT_YET;
    }

    private static String apply(Run run, Step step) {
        try {
            step.action().apply(run);
            return step.toString();
        } catch (RuntimeException refused) {
            // An operator's action on an ended workflow, or one the workflow refuses: part of what is tested.
            return step + " refused (" + refused.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Until the rollout ended, or is paused and has recorded nothing for a while (a signal sent by the last step may
     * not have reached the workflow yet); approves waves as an operator would. False when stuck.
     */
    private boolean settle(Run run) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long lastSeq = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            RolloutDetails rollout = run.rollout();
            if (rollout.lastSeq() != lastSeq) {
                lastSeq = rollout.lastSeq();
                quietSince = System.nanoTime();
            }
            boolean quiet = (System.nanoTime() - quietSince) / 1_000_000 > settledQuietMillis;
            if (rollout.state().isTerminal() || rollout.state() == RolloutState.PAUSED && quiet) {
                return true;
            }
            if (rollout.state() == RolloutState.WAITING_FOR_APPROVAL) {
                try {
                    ScheduleAction.APPROVE.apply(run);
                } catch (RuntimeException refused) {
                    // approved already, or the worker is starting: look again
                }
            }
            sleep(20);
        }
        return false;
    }

    /** Azure finishes what it was asked to do: wait (briefly) until no instance is updating or booting. */
    private void quiesce(Run run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<Instance> instances = stack.instances(run.key());
            if (instances.stream().noneMatch(i -> i.updating() || i.power() == Instance.PowerState.STARTING
                    || i.power() == Instance.PowerState.STOPPED)) {
                return;
            }
            sleep(50);
        }
    }

    /** A rollout left waiting for an operator would keep its workflow (and a worker thread) forever. */
    private void stopWorkflow(String id) {
        try {
            stack.client().newUntypedWorkflowStub(TaskQueues.workflowId(id)).terminate("schedule checked");
        } catch (RuntimeException ended) {
            // already closed
        }
    }

    private static boolean waitsForOperator(RolloutState state) {
        return state == RolloutState.PAUSED || state == RolloutState.WAITING_FOR_APPROVAL;
    }

    private static int rank(WaveState state) {
        return switch (state) {
            case PENDING -> 0;
            case WAITING_FOR_APPROVAL -> 1;
            case UPGRADING -> 2;
            case VERIFYING -> 3;
            default -> 4;
        };
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
