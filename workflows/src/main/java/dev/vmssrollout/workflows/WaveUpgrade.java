package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.InstanceState;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Upgrades a set of instances to the model and waits for them to be healthy: the body of every wave, forward or back. */
final class WaveUpgrade {

    /** How one wave went; {@code problem} is null when it is healthy. */
    record Result(String problem, Map<String, InstanceState> instances) {

        boolean healthy() {
            return problem == null;
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

    /** {@code upgraded} runs between the upgrade and the health wait. */
    Result run(List<String> instanceIds, Runnable upgraded) {
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
        return switch (result.outcome()) {
            // Tolerated unhealthy instances stay UNHEALTHY in the record: the wave passed, they did not.
            case HEALTHY -> new Result(null, result.instances() == null || result.instances().isEmpty()
                    ? all(instanceIds, InstanceState.HEALTHY) : states(result));
            case UNHEALTHY -> new Result(withDetail("unhealthy", result), states(result));
            case TIMED_OUT -> new Result(withDetail("not healthy within "
                    + health.timeout().toString().substring(2).toLowerCase(), result), states(result));
        };
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
