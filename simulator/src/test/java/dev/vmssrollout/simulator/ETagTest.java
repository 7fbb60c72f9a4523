package dev.vmssrollout.simulator;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.models.Sku;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.vmssrollout.simulator.ScaleSetFixture.RESOURCE_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Optimistic concurrency on the model, as ARM does it: every GET has an ETag, a stale If-Match is refused with 412. */
class ETagTest {
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
    void aPatchWithTheCurrentETagAppliesAndAStaleOneIsRefusedWith412() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "etag", ScaleSetFixture.fastSpec().build());
        String read = web.model().etag();

        patchVmSize(web, "Standard_D4s_v3", read);
        String after = web.model().etag();

        assertThat(read).isNotBlank();
        assertThat(after).isNotEqualTo(read);
        assertThat(web.model().sku().name()).isEqualTo("Standard_D4s_v3");
        assertThatThrownBy(() -> patchVmSize(web, "Standard_D8s_v3", read))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(412);
                    assertThat(e.getValue().getCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(web.model().sku().name()).as("the refused update changed nothing").isEqualTo("Standard_D4s_v3");
        assertThat(web.model().etag()).isEqualTo(after);
    }

    private static void patchVmSize(ScaleSetFixture web, String size, String ifMatch) {
        compute.serviceClient().getVirtualMachineScaleSets().update(RESOURCE_GROUP, web.key.name(),
                new VirtualMachineScaleSetUpdate().withSku(new Sku().withName(size)), ifMatch, null, Context.NONE);
    }
}
