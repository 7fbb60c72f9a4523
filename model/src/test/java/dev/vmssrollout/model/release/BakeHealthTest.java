package dev.vmssrollout.model.release;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.Image;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BakeHealthTest {

    private static final Image IMAGE = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410020");

    @Test
    void anyUnhealthyInstanceIsAProblemWhenThePolicyToleratesNone() {
        String problem = BakeHealth.problem(instances(4, 1, 0), policy(0));

        assertThat(problem).isEqualTo("1 of 4 instances unhealthy (at most 0 tolerated): 0");
    }

    @Test
    void unhealthyInstancesWithinThePoliciesToleranceAreNoProblem() {
        assertThat(BakeHealth.problem(instances(10, 2, 0), policy(20))).isNull();
        assertThat(BakeHealth.problem(instances(10, 3, 0), policy(20))).startsWith("3 of 10 instances unhealthy");
    }

    @Test
    void instancesWhoseHealthIsUnknownAreNotCountedAsUnhealthy() {
        assertThat(BakeHealth.problem(instances(4, 0, 4), policy(0))).isNull();
    }

    @Test
    void aLongListOfUnhealthyInstancesIsCut() {
        String problem = BakeHealth.problem(instances(30, 30, 0), policy(0));

        assertThat(problem).startsWith("30 of 30 instances unhealthy (at most 0 tolerated): 0, 1, 2")
                .endsWith("9, ...");
    }

    private static HealthPolicy policy(int maxUnhealthyPercent) {
        return new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, maxUnhealthyPercent);
    }

    /** {@code count} instances, the first {@code unhealthy} reporting unhealthy, the next {@code unknown} nothing. */
    private static List<Instance> instances(int count, int unhealthy, int unknown) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instance.Health health = i < unhealthy ? Instance.Health.UNHEALTHY
                    : i < unhealthy + unknown ? Instance.Health.UNKNOWN : Instance.Health.HEALTHY;
            instances.add(new Instance(String.valueOf(i), i % 5, i % 3, null, IMAGE, true,
                    Instance.PowerState.RUNNING, false, health));
        }
        return instances;
    }
}
