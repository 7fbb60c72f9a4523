package dev.vmssrollout.worker.azure;

import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.workflows.ScaleSetListActivities;
import dev.vmssrollout.workflows.ScaleSetSummary;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's scale set list against the simulator: what a release's selection is made from. */
class ScaleSetListsTest {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private static Simulator simulator;

    @BeforeAll
    static void startSimulator() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void eachListedScaleSetCarriesItsRegionAndTags() {
        create("web", "eastus", Map.of("env", "prod", "tier", "web"));
        create("batch", "westeurope", Map.of());
        TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
        List<ScaleSetSummary> listed;
        try {
            temporal.registerActivitiesImplementations(new AzureScaleSetActivities(new ComputeClients(
                    AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                            Duration.ofMillis(50)))));
            listed = temporal.newActivityStub(ScaleSetListActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1)).build()).listScaleSets(SUBSCRIPTION, "list-rg");
        } finally {
            temporal.close();
        }

        assertThat(listed).extracting(s -> s.scaleSet().name()).containsExactly("batch", "web");
        assertThat(listed.get(1).location()).isEqualTo("eastus");
        assertThat(listed.get(1).tags()).isEqualTo(Map.of("env", "prod", "tier", "web"));
        assertThat(listed.get(0).tags()).isEmpty();
    }

    private void create(String name, String location, Map<String, String> tags) {
        simulator.createScaleSet(ScaleSetKey.of(SUBSCRIPTION, "list-rg", name), ScaleSetSpec.builder().capacity(1)
                .upgradePolicy(UpgradeMode.MANUAL).location(location).tags(tags)
                .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
    }
}
