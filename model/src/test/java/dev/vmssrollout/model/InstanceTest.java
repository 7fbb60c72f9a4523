package dev.vmssrollout.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceTest {

    @ParameterizedTest(name = "{0}, updating={1}, {2}, latest model={3}: in service {4}, done {5}")
    @CsvSource({
            "RUNNING,     false, HEALTHY,   true,  true,  true",
            // Health not (yet) reported: serving, but not proven healthy after an upgrade.
            "RUNNING,     false, UNKNOWN,   true,  true,  false",
            "RUNNING,     false, HEALTHY,   false, true,  false",
            "RUNNING,     false, UNHEALTHY, true,  false, false",
            "RUNNING,     true,  HEALTHY,   true,  false, false",
            "STARTING,    false, HEALTHY,   true,  false, false",
            "STOPPED,     false, HEALTHY,   true,  false, false",
            "DEALLOCATED, false, HEALTHY,   true,  false, false",
            "UNKNOWN,     false, HEALTHY,   true,  false, false",
    })
    void isInServiceOnlyWhenRunningNotUpdatingAndNotUnhealthy(Instance.PowerState power, boolean updating,
                                                               Instance.Health health, boolean latestModel,
                                                               boolean inService, boolean upgradedAndHealthy) {
        Instance instance = new Instance("3", 0, 0, null, TestImages.CURRENT, latestModel, power, updating, health);

        assertThat(instance.inService()).isEqualTo(inService);
        assertThat(instance.upgradedAndHealthy()).isEqualTo(upgradedAndHealthy);
    }
}
