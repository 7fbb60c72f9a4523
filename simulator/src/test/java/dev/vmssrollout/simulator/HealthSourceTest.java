package dev.vmssrollout.simulator;

import com.azure.resourcemanager.compute.ComputeManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** vmHealth comes from a health source in the model; without one Azure reports none, and neither does the simulator. */
class HealthSourceTest {
    private static Simulator simulator;
    private static ComputeManager compute;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        compute = SdkClients.computeManager(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aScaleSetHasAnApplicationHealthExtensionByDefaultAndItsInstancesReportHealth() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "with-extension", ScaleSetFixture.fastSpec().build());

        assertThat(web.model().virtualMachineProfile().extensionProfile().extensions())
                .anySatisfy(e -> assertThat(e.typePropertiesType()).isEqualTo("ApplicationHealthLinux"));
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> assertThat(vm.instanceView().vmHealth()).isNotNull());
    }

    @Test
    void withoutAHealthExtensionNoInstanceReportsHealth() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "no-extension",
                ScaleSetFixture.fastSpec().healthExtension(false).build());

        assertThat(web.model().virtualMachineProfile().extensionProfile()).isNull();
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> assertThat(vm.instanceView().vmHealth()).isNull());
    }
}
