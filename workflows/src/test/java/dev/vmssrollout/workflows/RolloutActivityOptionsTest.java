package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import io.temporal.activity.ActivityOptions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, scenario 10, found by the generator (seed 20261204021): the model reads and updates ran with a 5 min
 * start-to-close and no heartbeat timeout, so a worker that died inside one left the rollout PENDING for up to
 * 5 min. Every activity that calls Azure must have a heartbeat timeout (the worker heartbeats during each ARM call).
 */
class RolloutActivityOptionsTest {

    @Test
    void everyAzureActivityHasAHeartbeatTimeout() {
        Map<String, ActivityOptions> perMethod = RolloutActivityOptions.azurePerMethod(
                new HealthPolicy(Duration.ofMinutes(10), Duration.ofMinutes(1), 0));
        for (Method method : ScaleSetActivities.class.getMethods()) {
            String type = Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
            ActivityOptions options = perMethod.getOrDefault(type, RolloutActivityOptions.azure());
            assertThat(options.getHeartbeatTimeout()).as("heartbeat timeout of %s", type)
                    .isNotNull().isLessThanOrEqualTo(RolloutActivityOptions.HEARTBEAT);
        }
    }
}
