package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Upgrades a set of instances to the model and waits for them to be healthy: the body of every wave, forward or back. */
final class WaveUpgrade {

    /** Why a wave stopped before its upgrade and health wait ended by themselves. */
    enum Stop { NONE, INTERRUPTED, DEADLINE }

    /**
     * How one wave went; {@code problem} is null when it is healthy. When {@code stop} is not NONE the wave was cut
     * short, and {@code instances} is what Azure showed afterwards (UPGRADING where it could not tell). {@code census}:
     * every instance of the scale set as the health wait last listed them, or null.
     */
    record Result(String problem, Map<String, InstanceState> instances, Stop stop,
                  Map<String, InstanceProblem> instanceProblems, List<Instance> census) {

        Result(String problem, Map<String, InstanceState> instances, Stop stop) {
            this(problem, instances, stop, Map.of(), null);
        }

        Result(String problem, Map<String, InstanceState> instances) {
            this(problem, instances, Stop.NONE);
        }

        /** The same result with what Azure said about its failed and unhealthy instances, and its census. */
        Result reportedBy(WaveHealth health) {
            return new Result(problem, instances, stop, health.problems(), health.census());
        }

        boolean healthy() {
            return problem == null;
        }

        boolean interrupted() {
            return stop == Stop.INTERRUPTED;
        }
    }

    private final RolloutData data;
    private final ScaleSetActivities azure;

    WaveUpgrade(RolloutData data, ScaleSetActivities azure) {
        this.data = data;
        this.azure = azure;
    }

    ScaleSetActivities azure() {
        return azure;
    }

    /** A wave nothing but its deadline interrupts (a rollback wave: cancel and rollback are refused while it runs). */
    Result run(List<String> instanceIds, Runnable upgraded) {
        return run(instanceIds, upgraded, () -> null);
    }

    /**
     * Runs the wave until it ends, {@code interruption} names a reason to stop (a cancel or rollback sent while it is
     * in flight), or the plan's wave deadline passes. Stopping cancels the activity in flight (the worker learns it
     * at its next heartbeat); a {@code manualupgrade} Azure accepted goes on there, so the instances are then
     * recorded as a census shows them, never as done.
     */
    Result run(List<String> instanceIds, Runnable upgraded, Supplier<String> interruption) {
        if (!WorkflowChanges.applies(WorkflowChanges.WAVE_DEADLINE)) {
            return upgradeAndWait(instanceIds, upgraded);
        }
        // Recorded whatever happens to the wave meanwhile: an interruption must not cut a progress write short.
        Runnable recordUpgraded = () -> Workflow.newDetachedCancellationScope(upgraded).run();
        Duration deadline = data.plan().health().waveDeadlineOrDefault();
        Promise<Result>[] wave = new Promise[1];
        CancellationScope scope = Workflow.newCancellationScope(
                () -> wave[0] = Async.function(() -> upgradeAndWait(instanceIds, recordUpgraded)));
        scope.run();
        boolean beforeDeadline = Workflow.await(deadline,
                () -> wave[0].isCompleted() || interruption.get() != null);
        if (wave[0].isCompleted()) {
            return wave[0].get();
        }
        String interruptedBy = beforeDeadline ? interruption.get() : null;
        scope.cancel(interruptedBy != null ? interruptedBy : "wave deadline passed");
        try {
            wave[0].get();
        } catch (CanceledFailure | ActivityFailure expected) {
            // the cancellation this scope was just asked for
        }
        Map<String, InstanceState> observed = WaveCensus.observed(data, azure, instanceIds);
        if (interruptedBy != null) {
            return new Result(interruptedBy, observed, Stop.INTERRUPTED);
        }
        return new Result("did not end within " + text(deadline) + " (health.waveDeadline); Azure holds: "
                + WaveCensus.describe(observed), observed, Stop.DEADLINE);
    }

    private Result upgradeAndWait(List<String> instanceIds, Runnable upgraded) {
        try {
            azure.upgradeInstances(data.target(), instanceIds);
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return new Result("upgrade failed: " + Failures.describe(failure), all(instanceIds, InstanceState.FAILED));
        }
        upgraded.run();
        HealthPolicy health = data.plan().health();
        Instant deadline = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(health.timeout());
        WaveHealth result;
        try {
            result = azure.awaitWaveHealthy(data.target(), instanceIds, health, deadline);
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return new Result("health check failed: " + Failures.describe(failure), Map.of());
        }
        Result ended = switch (result.outcome()) {
            // Tolerated unhealthy instances stay UNHEALTHY in the record: the wave passed, they did not.
            case HEALTHY -> new Result(null, result.instances() == null || result.instances().isEmpty()
                    ? all(instanceIds, InstanceState.HEALTHY) : states(result));
            case UNHEALTHY -> new Result(withDetail("unhealthy", result), states(result));
            case TIMED_OUT -> new Result(withDetail("not healthy within " + text(health.timeout()), result),
                    states(result));
        };
        return ended.reportedBy(result);
    }

    private static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }

    private static String withDetail(String problem, WaveHealth health) {
        return health.detail() == null || health.detail().isBlank() ? problem : problem + ": " + health.detail();
    }

    private static Map<String, InstanceState> states(WaveHealth health) {
        return health.instances() == null ? Map.of() : health.instances();
    }

    private static Map<String, InstanceState> all(List<String> ids, InstanceState state) {
        Map<String, InstanceState> states = new LinkedHashMap<>();
        ids.forEach(id -> states.put(id, state));
        return states;
    }
}
