package dev.vmssrollout.worker.azure;

import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenario 6: what an instance runs is the exact version Azure resolved, not the model's "latest". */
class InstanceMappingTest {

    @Test
    void scenario6AnInstanceOnLatestRunsTheExactVersionAzureResolved() throws IOException {
        VirtualMachineScaleSetVMInner vm = vm("""
                {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                 "version": "latest", "exactVersion": "24.04.202409010"}""");

        assertThat(InstanceMapping.fromAzure(vm).image())
                .isEqualTo(Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010"));
    }

    @Test
    void scenario6AnInstanceOfAGalleryDefinitionRunsTheExactVersion() throws IOException {
        String definition = "/subscriptions/s/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/g/images/web";
        VirtualMachineScaleSetVMInner vm = vm("{\"id\": \"" + definition + "\", \"exactVersion\": \"1.0.7\"}");

        assertThat(InstanceMapping.fromAzure(vm).image()).isEqualTo(Image.gallery(definition + "/versions/1.0.7"));
    }

    @Test
    void anInstanceOnAnExactVersionKeepsIt() throws IOException {
        VirtualMachineScaleSetVMInner vm = vm("""
                {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                 "version": "24.04.202410010", "exactVersion": "24.04.202410010"}""");

        assertThat(InstanceMapping.fromAzure(vm).image().version()).isEqualTo("24.04.202410010");
    }

    /** Compute names the cause after the state; the VM's own provisioningState may still read Succeeded. */
    @Test
    void aFailedStatusThatNamesItsCauseReadsAsFailed() throws IOException {
        String json = "{\"instanceId\": \"3\", \"properties\": {\"provisioningState\": \"Succeeded\", "
                + "\"instanceView\": {\"statuses\": [{\"code\": \"ProvisioningState/failed/VMExtensionProvisioningError\"}, "
                + "{\"code\": \"PowerState/running\"}]}}}";
        VirtualMachineScaleSetVMInner failed = SerializerFactory.createDefaultManagementSerializerAdapter()
                .deserialize(json, VirtualMachineScaleSetVMInner.class, SerializerEncoding.JSON);

        assertThat(InstanceMapping.provisioningFailed(failed)).isTrue();
        assertThat(InstanceMapping.provisioningFailed(vm("{\"version\": \"1\"}"))).isFalse();
    }

    /** Issue 16 item 5: a failed instance keeps the code after ProvisioningState/failed/ and Compute's message. */
    @Test
    void aFailedInstanceTellsItsProvisioningCodeAndMessage() throws IOException {
        VirtualMachineScaleSetVMInner failed = withInstanceView("""
                {"statuses": [{"code": "ProvisioningState/failed/VMUpgradeFailed", "level": "Error",
                               "displayStatus": "Provisioning failed", "message": "The upgrade failed."}],
                 "vmHealth": {"status": {"code": "HealthState/unknown"}}}""");

        assertThat(InstanceMapping.problem(failed))
                .isEqualTo(new InstanceProblem("VMUpgradeFailed", "The upgrade failed.", Instance.Health.UNKNOWN));
    }

    @Test
    void aFailedStateWithoutACodeIsRecordedWithoutOne() throws IOException {
        VirtualMachineScaleSetVMInner failed = withInstanceView("""
                {"statuses": [{"code": "ProvisioningState/failed", "level": "Error", "displayStatus": "Provisioning failed"}]}""");

        assertThat(InstanceMapping.problem(failed))
                .isEqualTo(new InstanceProblem(null, "Provisioning failed", Instance.Health.UNKNOWN));
    }

    @Test
    void anUnhealthyInstanceTellsItsHealthStatusAndAHealthyOneTellsNothing() throws IOException {
        VirtualMachineScaleSetVMInner unhealthy = withInstanceView("""
                {"statuses": [{"code": "ProvisioningState/succeeded"}],
                 "vmHealth": {"status": {"code": "HealthState/unhealthy", "displayStatus": "The VM is unhealthy"}}}""");
        VirtualMachineScaleSetVMInner healthy = withInstanceView("""
                {"statuses": [{"code": "ProvisioningState/succeeded"}],
                 "vmHealth": {"status": {"code": "HealthState/healthy"}}}""");

        assertThat(InstanceMapping.problem(unhealthy)).isEqualTo(new InstanceProblem("HealthState/unhealthy",
                "The VM is unhealthy", Instance.Health.UNHEALTHY));
        assertThat(InstanceMapping.problem(healthy)).isNull();
    }

    private static VirtualMachineScaleSetVMInner withInstanceView(String instanceView) throws IOException {
        String json = "{\"instanceId\": \"5\", \"properties\": {\"instanceView\": " + instanceView + "}}";
        return SerializerFactory.createDefaultManagementSerializerAdapter()
                .deserialize(json, VirtualMachineScaleSetVMInner.class, SerializerEncoding.JSON);
    }

    private static VirtualMachineScaleSetVMInner vm(String imageReference) throws IOException {
        String json = "{\"instanceId\": \"3\", \"properties\": {\"latestModelApplied\": true, \"storageProfile\": "
                + "{\"imageReference\": " + imageReference + "}}}";
        return SerializerFactory.createDefaultManagementSerializerAdapter()
                .deserialize(json, VirtualMachineScaleSetVMInner.class, SerializerEncoding.JSON);
    }
}
