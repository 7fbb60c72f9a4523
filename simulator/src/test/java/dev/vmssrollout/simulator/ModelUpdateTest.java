package dev.vmssrollout.simulator;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.Sku;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateVMProfile;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.vmssrollout.simulator.ScaleSetFixture.NEXT_VERSION;
import static dev.vmssrollout.simulator.ScaleSetFixture.RESOURCE_GROUP;
import static dev.vmssrollout.simulator.ScaleSetFixture.UBUNTU_2409;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model updates as Compute applies them: ETags and conditional requests, PUT and PATCH merging, scaling. */
class ModelUpdateTest {
    private static Simulator simulator;
    private static ComputeManager compute;
    private static VirtualMachineScaleSetsClient scaleSets;
    private static RawArm raw;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        compute = SdkClients.computeManager(simulator);
        scaleSets = compute.serviceClient().getVirtualMachineScaleSets();
        raw = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void everyModelChangeGivesANewEtagAndPatchWithTheCurrentOneSucceeds() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "etag", UpgradeMode.MANUAL);
        String first = web.model().etag();

        VirtualMachineScaleSetInner patched = scaleSets.update(RESOURCE_GROUP, "etag", newVersion(), first, null,
            Context.NONE);

        assertThat(first).isEqualTo("\"1\"");
        assertThat(patched.etag()).isEqualTo("\"2\"");
        assertThat(web.model().etag()).isEqualTo("\"2\"");
        assertThat(patched.virtualMachineProfile().storageProfile().imageReference().version()).isEqualTo(NEXT_VERSION);
    }

    @Test
    void staleIfMatchAnswers412AndChangesNothing() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "stale", UpgradeMode.MANUAL);
        String stale = web.model().etag();
        scaleSets.update(RESOURCE_GROUP, "stale", new VirtualMachineScaleSetUpdate()
            .withSku(new Sku().withCapacity(21L)), null, null, Context.NONE);

        assertThatThrownBy(() -> scaleSets.update(RESOURCE_GROUP, "stale", newVersion(), stale, null, Context.NONE))
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(412);
                assertThat(e.getValue().getCode()).isEqualTo("PreconditionFailed");
                assertThat(e.getValue().getMessage())
                    .isEqualTo("Etag provided in if-match header \"1\" does not match etag \"2\" of resource.");
            });
        assertThat(web.model().virtualMachineProfile().storageProfile().imageReference().version())
            .isEqualTo(UBUNTU_2409.version());
        assertThat(web.model().etag()).isEqualTo("\"2\"");
    }

    @Test
    void ifNoneMatchStarOnAnExistingScaleSetAnswers412() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "exists", UpgradeMode.MANUAL);
        VirtualMachineScaleSetInner model = web.model();
        model.virtualMachineProfile().storageProfile().imageReference().withVersion(NEXT_VERSION);

        assertThatThrownBy(() -> scaleSets.createOrUpdate(RESOURCE_GROUP, "exists", model, null, "*", Context.NONE))
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(412);
                assertThat(e.getValue().getCode()).isEqualTo("PreconditionFailed");
            });
        assertThat(web.model().virtualMachineProfile().storageProfile().imageReference().version())
            .isEqualTo(UBUNTU_2409.version());
    }

    @Test
    void ifMatchOnAScaleSetThatDoesNotExistAnswers412() {
        ScaleSetFixture template = ScaleSetFixture.create(simulator, compute, "template", UpgradeMode.MANUAL);
        VirtualMachineScaleSetInner model = template.model();

        assertThatThrownBy(() -> scaleSets.createOrUpdate(RESOURCE_GROUP, "absent", model, "\"1\"", null,
            Context.NONE)).isInstanceOfSatisfying(ManagementException.class,
                e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(412));
        assertThat(raw.get(RawArm.scaleSetPath(ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, "absent"))
            + "?" + RawArm.API_VERSION, SdkClients.TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void putKeepsWhatItsBodyOmits() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "merge", UpgradeMode.MANUAL);

        HttpResponse<String> put = arm("PUT", web.key,
            "{\"location\":\"westeurope\",\"properties\":{\"upgradePolicy\":{\"mode\":\"Automatic\"}}}");

        assertThat(put.statusCode()).isEqualTo(200);
        VirtualMachineScaleSetInner model = web.model();
        assertThat(model.upgradePolicy().mode().toString()).isEqualTo("Automatic");
        assertThat(model.sku().capacity()).isEqualTo(20L);
        assertThat(model.virtualMachineProfile().storageProfile().imageReference().version())
            .isEqualTo(UBUNTU_2409.version());
        assertThat(model.virtualMachineProfile().osProfile().computerNamePrefix()).isEqualTo("merge");
    }

    @Test
    void scaleOutThroughArmCreatesInstancesOnTheCurrentModelInTheLeastUsedDomains() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "scale-out", UpgradeMode.MANUAL);
        scaleSets.update(RESOURCE_GROUP, "scale-out", newVersion());

        VirtualMachineScaleSetInner scaled = scaleSets.update(RESOURCE_GROUP, "scale-out",
            new VirtualMachineScaleSetUpdate().withSku(new Sku().withCapacity(23L)));

        assertThat(scaled.sku().capacity()).isEqualTo(23L);
        Map<String, VirtualMachineScaleSetVMInner> vms = byId(web.listWithInstanceView());
        assertThat(vms).hasSize(23);
        for (int i = 0; i < 3; i++) {
            VirtualMachineScaleSetVMInner added = vms.get(String.valueOf(20 + i));
            assertThat(added.latestModelApplied()).isTrue();
            assertThat(added.storageProfile().imageReference().version()).isEqualTo(NEXT_VERSION);
            assertThat(added.instanceView().platformUpdateDomain()).isEqualTo(i);
            assertThat(added.instanceView().platformFaultDomain()).isEqualTo(i);
            assertThat(ScaleSetFixture.isServing(added)).as("the scale-out's LRO ends once its VMs run").isTrue();
        }
        assertThat(vms.get("3").latestModelApplied()).isFalse();
        assertThat(web.report().capacity()).isEqualTo(23);
    }

    @Test
    void scaleInDeletesFromTheFullestFaultDomainHighestIdFirstAndIdsAreNeverReused() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "scale-in", UpgradeMode.MANUAL);

        JsonNode scaledIn = adminScale(web.key, 17);
        assertThat(scaledIn.path("capacity").asInt()).isEqualTo(17);
        assertThat(scaledIn.path("etag").asText()).isEqualTo("\"2\"");
        assertThat(byId(web.listWithInstanceView())).hasSize(17).doesNotContainKeys("17", "18", "19");
        assertThat(raw.get(RawArm.scaleSetPath(web.key) + "/virtualMachines/19?" + RawArm.API_VERSION,
            SdkClients.TOKEN).statusCode()).isEqualTo(404);
        assertThat(web.report().capacity()).isEqualTo(17);

        adminScale(web.key, 18);
        ScaleSetFixture.await("the new VM runs", Duration.ofSeconds(10),
            () -> web.listWithInstanceView().stream().allMatch(ScaleSetFixture::isServing));
        VirtualMachineScaleSetVMInner added = byId(web.listWithInstanceView()).get("20");
        assertThat(added).as("instance ids are not reused").isNotNull();
        assertThat(added.instanceView().platformUpdateDomain()).isEqualTo(2);
        assertThat(added.instanceView().platformFaultDomain()).isEqualTo(2);
        assertThat(web.model().sku().capacity()).isEqualTo(18L);
    }

    @Test
    void capacityMayChangeWhileAnUpgradeRunsButTheImageMayNot() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "busy",
            ScaleSetFixture.fastSpec().upgradeMillis(3_000).build());
        scaleSets.update(RESOURCE_GROUP, "busy", newVersion());
        scaleSets.beginUpdateInstances(RESOURCE_GROUP, "busy",
            new com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs()
                .withInstanceIds(ScaleSetFixture.updateDomain(0)));

        HttpResponse<String> scaleOut = arm("PATCH", web.key, "{\"sku\":{\"capacity\":22}}");
        HttpResponse<String> imageChange = arm("PATCH", web.key,
            "{\"properties\":{\"virtualMachineProfile\":{\"storageProfile\":{\"imageReference\":"
                + "{\"version\":\"24.04.202411010\"}}}}}");

        assertThat(scaleOut.statusCode()).isEqualTo(200);
        assertThat(imageChange.statusCode()).isEqualTo(409);
        assertThat(RawArm.json(imageChange).at("/error/code").asText()).isEqualTo("OperationNotAllowed");
        assertThat(web.model().sku().capacity()).isEqualTo(22L);
    }

    @Test
    void capacityOutsideComputesRangeIsRefusedWithItsTarget() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "range", UpgradeMode.MANUAL);

        HttpResponse<String> response = arm("PATCH", web.key, "{\"sku\":{\"capacity\":1001}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawArm.json(response).at("/error/code").asText()).isEqualTo("InvalidParameter");
        assertThat(RawArm.json(response).at("/error/target").asText()).isEqualTo("sku.capacity");
        assertThat(web.model().sku().capacity()).isEqualTo(20L);
    }

    @Test
    void etagAndInstanceIdsSurviveARestart(@TempDir Path data) throws Exception {
        ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, "durable");
        try (Simulator first = Simulator.start(SimulatorOptions.builder().port(0).dataDir(data).build())) {
            first.createScaleSet(key, ScaleSetFixture.fastSpec().build());
            new RawArm(first).send("PUT", RawArm.adminPath(key) + "/capacity", null, "{\"capacity\":19}");
        }
        try (Simulator second = Simulator.start(SimulatorOptions.builder().port(0).dataDir(data).build())) {
            RawArm secondRaw = new RawArm(second);
            JsonNode scaled = RawArm.json(secondRaw.send("PUT", RawArm.adminPath(key) + "/capacity", null,
                "{\"capacity\":20}"));
            assertThat(scaled.path("etag").asText()).isEqualTo("\"3\"");
            ComputeManager secondCompute = SdkClients.computeManager(second);
            List<String> ids = secondCompute.serviceClient().getVirtualMachineScaleSetVMs()
                .list(RESOURCE_GROUP, "durable").stream().map(VirtualMachineScaleSetVMInner::instanceId).toList();
            assertThat(ids).contains("20").doesNotContain("19");
        }
    }

    private static HttpResponse<String> arm(String method, ScaleSetKey key, String body) {
        return raw.send(method, RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, SdkClients.TOKEN, body);
    }

    private static JsonNode adminScale(ScaleSetKey key, int capacity) {
        HttpResponse<String> response = raw.send("PUT", RawArm.adminPath(key) + "/capacity", null,
            "{\"capacity\":" + capacity + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RawArm.json(response);
    }

    private static VirtualMachineScaleSetUpdate newVersion() {
        return new VirtualMachineScaleSetUpdate().withVirtualMachineProfile(new VirtualMachineScaleSetUpdateVMProfile()
            .withStorageProfile(new VirtualMachineScaleSetUpdateStorageProfile()
                .withImageReference(new ImageReference().withVersion(NEXT_VERSION))));
    }

    private static Map<String, VirtualMachineScaleSetVMInner> byId(List<VirtualMachineScaleSetVMInner> vms) {
        return vms.stream().collect(Collectors.toMap(VirtualMachineScaleSetVMInner::instanceId, Function.identity()));
    }
}
