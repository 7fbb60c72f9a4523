package dev.vmssrollout.simulator;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateVMProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.vmssrollout.simulator.ScaleSetFixture.NEXT_VERSION;
import static dev.vmssrollout.simulator.ScaleSetFixture.RESOURCE_GROUP;
import static dev.vmssrollout.simulator.ScaleSetFixture.updateDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Azure procedure through the real SDK: read the model, change the image, update it, upgrade one UD, list. */
class ImageChangeTest {
    private static Simulator simulator;
    private static ComputeManager compute;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).pageSize(7).build());
        compute = SdkClients.computeManager(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void platformVersionChangeUpgradesOneUpdateDomainAndListsItAcrossPages() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "version-change", UpgradeMode.MANUAL);

        VirtualMachineScaleSetInner updated = web.putImage(image -> image.withVersion(NEXT_VERSION));
        assertThat(updated.virtualMachineProfile().storageProfile().imageReference().version()).isEqualTo(NEXT_VERSION);
        assertThat(updated.provisioningState()).isEqualTo("Succeeded");

        web.manualUpgrade(updateDomain(0));

        var pages = compute.serviceClient().getVirtualMachineScaleSetVMs()
            .list(RESOURCE_GROUP, web.key.name(), null, null, "instanceView", Context.NONE)
            .streamByPage().toList();
        assertThat(pages).hasSize(3);
        Map<String, VirtualMachineScaleSetVMInner> vms = pages.stream().flatMap(page -> page.getValue().stream())
            .collect(Collectors.toMap(VirtualMachineScaleSetVMInner::instanceId, Function.identity()));
        assertThat(vms).hasSize(20);
        vms.forEach((id, vm) -> {
            int number = Integer.parseInt(id);
            boolean upgraded = number % 5 == 0;
            assertThat(vm.instanceView().platformUpdateDomain()).isEqualTo(number % 5);
            assertThat(vm.instanceView().platformFaultDomain()).isEqualTo(number % 5);
            assertThat(vm.latestModelApplied()).as("latestModelApplied of %s", id).isEqualTo(upgraded);
            assertThat(vm.storageProfile().imageReference().version())
                .isEqualTo(upgraded ? NEXT_VERSION : ScaleSetFixture.UBUNTU_2409.version());
            assertThat(vm.name()).isEqualTo("version-change_" + id);
        });
        assertThat(web.report().upgradeCounts()).containsEntry("0", 1).containsEntry("5", 1).containsEntry("1", 0);
        assertThat(web.report().armRequests("ListVMsInstanceView")).isEqualTo(3);
    }

    @Test
    void filterListsOnlyInstancesOnTheLatestModel() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "filtered", UpgradeMode.MANUAL);
        web.putImage(image -> image.withVersion(NEXT_VERSION));
        web.manualUpgrade(List.of("3", "4"));

        List<String> latest = compute.serviceClient().getVirtualMachineScaleSetVMs()
            .list(RESOURCE_GROUP, "filtered", "properties/latestModelApplied eq true", null, null, Context.NONE)
            .stream().map(VirtualMachineScaleSetVMInner::instanceId).toList();

        assertThat(latest).containsExactly("3", "4");
    }

    @Test
    void skuChangeThroughPatchUpgradesToTheNewSku() {
        OsImage jammy = OsImage.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts", "latest");
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "sku-change",
            ScaleSetFixture.fastSpec().image(jammy).build());

        compute.serviceClient().getVirtualMachineScaleSets().update(RESOURCE_GROUP, "sku-change",
            new VirtualMachineScaleSetUpdate().withVirtualMachineProfile(new VirtualMachineScaleSetUpdateVMProfile()
                .withStorageProfile(new VirtualMachineScaleSetUpdateStorageProfile()
                    .withImageReference(new ImageReference().withSku("24_04-lts")))));
        web.manualUpgrade(updateDomain(1));

        ImageReference model = web.model().virtualMachineProfile().storageProfile().imageReference();
        assertThat(model.sku()).isEqualTo("24_04-lts");
        assertThat(model.offer()).as("PATCH merges the image reference").isEqualTo(jammy.offer());
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> {
            boolean upgraded = updateDomain(1).contains(vm.instanceId());
            assertThat(vm.storageProfile().imageReference().sku()).isEqualTo(upgraded ? "24_04-lts" : "22_04-lts");
            assertThat(vm.latestModelApplied()).isEqualTo(upgraded);
        });
        assertThat(web.report().armRequests("PatchScaleSet")).isEqualTo(1);
    }

    @Test
    void galleryImageIdReplacesThePlatformImage() {
        String galleryImage = "/subscriptions/" + SdkClients.SUBSCRIPTION + "/resourceGroups/images/providers/"
            + "Microsoft.Compute/galleries/golden/images/web/versions/1.2.0";
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "gallery", UpgradeMode.MANUAL);
        VirtualMachineScaleSetInner model = web.model();
        model.virtualMachineProfile().withStorageProfile(new VirtualMachineScaleSetStorageProfile()
            .withImageReference(new ImageReference().withId(galleryImage))
            .withOsDisk(model.virtualMachineProfile().storageProfile().osDisk()));
        compute.serviceClient().getVirtualMachineScaleSets().createOrUpdate(RESOURCE_GROUP, "gallery", model);

        web.manualUpgrade(updateDomain(2));

        assertThat(web.model().virtualMachineProfile().storageProfile().imageReference().id()).isEqualTo(galleryImage);
        VirtualMachineScaleSetVMInner upgraded = compute.serviceClient().getVirtualMachineScaleSetVMs()
            .get(RESOURCE_GROUP, "gallery", "2");
        assertThat(upgraded.storageProfile().imageReference().id()).isEqualTo(galleryImage);
        assertThat(upgraded.storageProfile().imageReference().publisher()).isNull();
        assertThat(upgraded.latestModelApplied()).isTrue();
    }

    @Test
    void legacyCustomImageUriIsAnImageToo() {
        String uri = "https://images.blob.core.windows.net/vhds/web-2.vhd";
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "custom-uri", UpgradeMode.MANUAL);
        VirtualMachineScaleSetInner model = web.model();
        var storage = model.virtualMachineProfile().storageProfile();
        storage.withImageReference(null);
        storage.osDisk().withManagedDisk(null).withImage(new com.azure.resourcemanager.compute.models.VirtualHardDisk()
            .withUri(uri)).withName("osdisk");
        compute.serviceClient().getVirtualMachineScaleSets().createOrUpdate(RESOURCE_GROUP, "custom-uri", model);

        web.manualUpgrade(List.of("7"));

        VirtualMachineScaleSetVMInner vm = compute.serviceClient().getVirtualMachineScaleSetVMs()
            .get(RESOURCE_GROUP, "custom-uri", "7");
        assertThat(vm.storageProfile().osDisk().image().uri()).isEqualTo(uri);
        assertThat(vm.latestModelApplied()).isTrue();
    }

    @Test
    void upgradingAnInstanceOnTheLatestModelIsANoOp() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "idempotent", UpgradeMode.MANUAL);
        web.putImage(image -> image.withVersion(NEXT_VERSION));
        web.manualUpgrade(List.of("1"));

        web.manualUpgrade(List.of("1"));

        assertThat(web.report().upgradeCounts()).containsEntry("1", 1);
    }

    @Test
    void malformedImageReferencesAreRejected() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "malformed", UpgradeMode.MANUAL);

        assertThatThrownBy(() -> web.putImage(image -> image.withId("/subscriptions/x/images/y")))
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                assertThat(e.getValue().getCode()).isEqualTo("InvalidParameter");
            });
        assertThatThrownBy(() -> web.putImage(image -> image.withVersion("")))
            .isInstanceOfSatisfying(ManagementException.class, e ->
                assertThat(e.getValue().getMessage()).contains("imageReference.version"));
        assertThat(web.model().virtualMachineProfile().storageProfile().imageReference().version())
            .isEqualTo(ScaleSetFixture.UBUNTU_2409.version());
    }

    @Test
    void fluentSdkReadsTheScaleSetAndItsVms() {
        ScaleSetFixture.create(simulator, compute, "fluent", UpgradeMode.MANUAL);

        var scaleSet = compute.virtualMachineScaleSets().getByResourceGroup(RESOURCE_GROUP, "fluent");
        VirtualMachineScaleSetVMs vms = scaleSet.virtualMachines();

        assertThat(scaleSet.capacity()).isEqualTo(20);
        assertThat(scaleSet.upgradeModel()).isEqualTo(com.azure.resourcemanager.compute.models.UpgradeMode.MANUAL);
        assertThat(scaleSet.storageProfile().imageReference().version()).isEqualTo(ScaleSetFixture.UBUNTU_2409.version());
        assertThat(vms.list()).hasSize(20).allSatisfy(vm -> assertThat(vm.isLatestScaleSetUpdateApplied()).isTrue());
    }
}
