package dev.vmssrollout.simulator;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scale sets of a resource group or a whole subscription, listed through the unmodified SDK as a scale set
 * picker does: each with its model, a missing resource group refused as ARM refuses it, and a role without
 * {@code virtualMachineScaleSets/read} refused over the listed scope.
 */
class ScaleSetListTest {
    private static final String OTHER_GROUP = "other-rg";
    private static Simulator simulator;
    private static ComputeManager compute;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).build());
        compute = SdkClients.computeManager(simulator);
        simulator.createScaleSet(ScaleSetKey.of(SdkClients.SUBSCRIPTION, ScaleSetFixture.RESOURCE_GROUP, "web"),
            ScaleSetFixture.fastSpec().capacity(3).location("westeurope").tags(Map.of("env", "prod", "team", "web"))
                .build());
        simulator.createScaleSet(ScaleSetKey.of(SdkClients.SUBSCRIPTION, ScaleSetFixture.RESOURCE_GROUP, "api"),
            ScaleSetFixture.fastSpec().capacity(2).build());
        simulator.createScaleSet(ScaleSetKey.of(SdkClients.SUBSCRIPTION, OTHER_GROUP, "batch"),
            ScaleSetFixture.fastSpec().capacity(1).build());
        simulator.createScaleSet(ScaleSetKey.of("10000000-0000-0000-0000-000000000009", OTHER_GROUP, "elsewhere"),
            ScaleSetFixture.fastSpec().capacity(1).build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aResourceGroupListsItsScaleSetsWithTheirModels() {
        List<VirtualMachineScaleSetInner> listed = compute.serviceClient().getVirtualMachineScaleSets()
            .listByResourceGroup(ScaleSetFixture.RESOURCE_GROUP).stream().toList();

        assertThat(listed).extracting(VirtualMachineScaleSetInner::name).containsExactly("api", "web");
        VirtualMachineScaleSetInner web = listed.get(1);
        assertThat(web.location()).isEqualTo("westeurope");
        assertThat(web.sku().capacity()).isEqualTo(3);
        assertThat(web.virtualMachineProfile().storageProfile().imageReference().version()).isNotBlank();
        assertThat(web.id()).endsWith("/resourceGroups/" + ScaleSetFixture.RESOURCE_GROUP
            + "/providers/Microsoft.Compute/virtualMachineScaleSets/web");
    }

    @Test
    void tagsAreListedAndAnUpdateThatNamesTagsReplacesThemWithoutOutdatingAnyInstance() {
        VirtualMachineScaleSetInner listed = compute.serviceClient().getVirtualMachineScaleSets()
            .listByResourceGroup(ScaleSetFixture.RESOURCE_GROUP).stream()
            .filter(scaleSet -> scaleSet.name().equals("web")).findFirst().orElseThrow();
        assertThat(listed.tags()).isEqualTo(Map.of("env", "prod", "team", "web"));
        assertThat(compute.serviceClient().getVirtualMachineScaleSets().getByResourceGroup(
            ScaleSetFixture.RESOURCE_GROUP, "api").tags()).as("no tags, no tags object").isNull();

        compute.serviceClient().getVirtualMachineScaleSets().update(ScaleSetFixture.RESOURCE_GROUP, "web",
            new VirtualMachineScaleSetUpdate().withTags(Map.of("env", "canary")));

        assertThat(compute.serviceClient().getVirtualMachineScaleSets()
            .getByResourceGroup(ScaleSetFixture.RESOURCE_GROUP, "web").tags()).isEqualTo(Map.of("env", "canary"));
        assertThat(compute.serviceClient().getVirtualMachineScaleSetVMs()
            .list(ScaleSetFixture.RESOURCE_GROUP, "web").stream().map(vm -> vm.latestModelApplied()).toList())
            .containsOnly(true);
    }

    @Test
    void aSubscriptionListsEveryResourceGroupsScaleSetsAndNoOtherSubscriptions() {
        List<String> listed = compute.serviceClient().getVirtualMachineScaleSets().list().stream()
            .map(VirtualMachineScaleSetInner::name).toList();

        assertThat(listed).containsExactly("api", "web", "batch");
        assertThat(simulator.report(ScaleSetKey.of(SdkClients.SUBSCRIPTION, OTHER_GROUP, "batch"))
            .armRequests("ListScaleSets")).as("each listed scale set counts the list").isPositive();
    }

    @Test
    void aMissingResourceGroupIsRefusedAsArmRefusesIt() {
        assertThatThrownBy(() -> compute.serviceClient().getVirtualMachineScaleSets().listByResourceGroup("no-such-rg")
                .stream().toList())
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                assertThat(e.getValue().getCode()).isEqualTo("ResourceGroupNotFound");
            });
    }

    @Test
    void aRoleWithoutScaleSetReadIsRefusedOverTheListedScope() throws Exception {
        RoleDefinition upgrader = RoleDefinition.parse(
            "{\"Name\":\"upgrader\",\"Actions\":[\"Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action\"]}");
        try (Simulator strict = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).role(upgrader).build())) {
            strict.createScaleSet(ScaleSetKey.of(SdkClients.SUBSCRIPTION, ScaleSetFixture.RESOURCE_GROUP, "web"),
                ScaleSetFixture.fastSpec().capacity(1).build());
            String path = "subscriptions/" + SdkClients.SUBSCRIPTION + "/resourceGroups/" + ScaleSetFixture.RESOURCE_GROUP
                + "/providers/Microsoft.Compute/virtualMachineScaleSets?" + RawArm.API_VERSION;

            HttpResponse<String> refused = new RawArm(strict).get(path, "t");

            assertThat(refused.statusCode()).isEqualTo(403);
            JsonNode error = RawArm.json(refused).path("error");
            assertThat(error.path("code").asText()).isEqualTo("AuthorizationFailed");
            assertThat(error.path("message").asText()).contains("'Microsoft.Compute/virtualMachineScaleSets/read' over "
                + "scope '/subscriptions/" + SdkClients.SUBSCRIPTION + "/resourceGroups/" + ScaleSetFixture.RESOURCE_GROUP + "'");
        }
    }
}
