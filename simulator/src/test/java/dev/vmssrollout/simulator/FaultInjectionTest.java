package dev.vmssrollout.simulator;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.vmssrollout.simulator.ScaleSetFixture.NEXT_VERSION;
import static dev.vmssrollout.simulator.ScaleSetFixture.RESOURCE_GROUP;
import static dev.vmssrollout.simulator.ScaleSetFixture.updateDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every fault the simulator injects, seen through the SDK or, where the SDK hides it, raw HTTP. */
class FaultInjectionTest {
    private static Simulator simulator;
    private static ComputeManager compute;
    private static RawArm raw;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        compute = SdkClients.computeManager(simulator);
        raw = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void unhealthyImageLeavesUpgradedInstancesRunningButUnhealthy() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "unhealthy", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder().unhealthyImages(NEXT_VERSION).build());
        web.putImage(image -> image.withVersion(NEXT_VERSION));

        web.manualUpgrade(updateDomain(0));

        ScaleSetFixture.await("UD 0 booted", Duration.ofSeconds(10), () -> web.listWithInstanceView().stream()
            .filter(vm -> updateDomain(0).contains(vm.instanceId()))
            .allMatch(vm -> ScaleSetFixture.hasStatus(vm, "PowerState/running")));
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> assertThat(vm.instanceView().vmHealth().status().code())
            .isEqualTo(updateDomain(0).contains(vm.instanceId()) ? "HealthState/unhealthy" : "HealthState/healthy"));
        assertThat(web.report().minInService()).isEqualTo(16);
    }

    @Test
    void failingImageFailsTheOperationAndTheSdkRaises() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "failing-image", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder().failingImages(NEXT_VERSION).build());
        web.putImage(image -> image.withVersion(NEXT_VERSION));

        assertThatThrownBy(() -> web.manualUpgrade(List.of("0", "1")))
            .isInstanceOf(ManagementException.class)
            .hasMessageContaining("Failed");

        VirtualMachineScaleSetVMInner vm = compute.serviceClient().getVirtualMachineScaleSetVMs()
            .get(RESOURCE_GROUP, "failing-image", "0");
        assertThat(vm.provisioningState()).isEqualTo("Failed");
        assertThat(vm.latestModelApplied()).isFalse();
        assertThat(vm.storageProfile().imageReference().version()).isEqualTo(ScaleSetFixture.UBUNTU_2409.version());
    }

    @Test
    void failingModelImageFailsTheModelUpdateOperationAndLeavesTheModelAsItWas() {
        // Automatic: an image change that went through would start upgrading every instance at once.
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "failing-model", UpgradeMode.AUTOMATIC);
        HttpResponse<String> faults = raw.send("PUT", RawArm.adminPath(web.key) + "/faults", null,
            "{\"failingModelImages\": [\"" + NEXT_VERSION + "\"]}");
        assertThat(faults.statusCode()).isEqualTo(200);
        assertThat(RawArm.json(faults).path("failingModelImages").get(0).asText()).isEqualTo(NEXT_VERSION);
        VirtualMachineScaleSetInner model = web.model();
        model.virtualMachineProfile().storageProfile().imageReference().withVersion(NEXT_VERSION);

        SyncPoller<PollResult<VirtualMachineScaleSetInner>, VirtualMachineScaleSetInner> poller = compute
            .serviceClient().getVirtualMachineScaleSets().beginCreateOrUpdate(RESOURCE_GROUP, "failing-model", model);

        PollResponse<PollResult<VirtualMachineScaleSetInner>> last = poller.waitForCompletion();

        assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
        JsonNode status = RawArm.json(last.getValue().getError().getResponseBody());
        assertThat(status.path("status").asText()).isEqualTo("Failed");
        assertThat(status.at("/error/code").asText()).isEqualTo("ModelUpdateFailed");
        assertThat(status.at("/error/message").asText()).contains(NEXT_VERSION, ScaleSetFixture.UBUNTU_2409.version());
        // The SDK has no final result for a failed operation, and the blocking call raises Azure's error.
        assertThat(poller.getFinalResult()).isNull();
        assertThatThrownBy(() -> compute.serviceClient().getVirtualMachineScaleSets()
                .createOrUpdate(RESOURCE_GROUP, "failing-model", model))
            .isInstanceOfSatisfying(ManagementException.class,
                e -> assertThat(e.getValue().getCode()).isEqualTo("ModelUpdateFailed"));
        assertThat(web.model().virtualMachineProfile().storageProfile().imageReference().version())
            .isEqualTo(ScaleSetFixture.UBUNTU_2409.version());
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> assertThat(vm.latestModelApplied()).isTrue());
        assertThat(web.report().upgradeCounts().values()).containsOnly(0);
        assertThat(web.report().armRequests()).containsEntry("PutScaleSet", 2L);

        // Only the named image fails: another change of the model goes through.
        web.putImage(image -> image.withVersion("24.04.202411010"));
        assertThat(web.model().virtualMachineProfile().storageProfile().imageReference().version())
            .isEqualTo("24.04.202411010");
    }

    @Test
    void failingInstanceFailsOnlyItsOwnUpgrade() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "failing-instance", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder().failingInstances("3").build());
        web.putImage(image -> image.withVersion(NEXT_VERSION));

        SyncPoller<PollResult<Void>, Void> poller = compute.serviceClient().getVirtualMachineScaleSets()
            .beginUpdateInstances(RESOURCE_GROUP, "failing-instance",
                new VirtualMachineScaleSetVMInstanceRequiredIDs().withInstanceIds(List.of("3", "8")));

        assertThat(poller.waitForCompletion().getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
        assertThat(poller.poll().getValue().getError().getResponseBody()).contains("VMUpgradeFailed").contains("3");
        List<String> upgraded = web.listWithInstanceView().stream()
            .filter(VirtualMachineScaleSetVMInner::latestModelApplied).map(VirtualMachineScaleSetVMInner::instanceId).toList();
        assertThat(upgraded).containsExactly("8");
    }

    @Test
    void transientServerErrorsAreRetriedBySdkAndCounted() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "flaky", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder().transient5xxRate(0.3).seed(7).build());

        web.putImage(image -> image.withVersion(NEXT_VERSION));
        web.manualUpgrade(updateDomain(0));
        assertThat(web.listWithInstanceView()).hasSize(20);

        ScaleSetReport report = web.report();
        assertThat(report.injectedErrors()).isPositive();
        assertThat(report.upgradeCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        long requests = report.armRequests().values().stream().mapToLong(Long::longValue).sum();
        assertThat(requests).as("every injected error was retried").isGreaterThanOrEqualTo(5 + report.injectedErrors());
    }

    /** A busy scale set refuses writes with a 409 that clears; reads go on, and nothing changed. */
    @Test
    void conflictsAnswerWritesWith409AnotherOperationAndLeaveReadsAlone() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "busy", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder().conflictRate(1.0).build());
        String path = RawArm.scaleSetPath(web.key);

        HttpResponse<String> upgrade = raw.send("POST", path + "/manualupgrade?" + RawArm.API_VERSION, "t",
            "{\"instanceIds\": [\"0\"]}");
        HttpResponse<String> patch = raw.send("PATCH", path + "?" + RawArm.API_VERSION, "t",
            "{\"sku\": {\"capacity\": 21}}");
        HttpResponse<String> read = raw.get(path + "?" + RawArm.API_VERSION, "t");

        for (HttpResponse<String> refused : List.of(upgrade, patch)) {
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(RawArm.json(refused).at("/error/code").asText()).isEqualTo("OperationNotAllowed");
            assertThat(RawArm.json(refused).at("/error/message").asText()).contains("another operation is in progress");
        }
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(RawArm.json(read).at("/sku/capacity").asInt()).isEqualTo(20);
        assertThat(web.report().upgradeCounts().values()).containsOnly(0);
        assertThat(web.report().injectedErrors()).isEqualTo(2);
    }

    @Test
    void exhaustedReadBudgetAnswers429WithRetryAfterAndCountsDown() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "throttled", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder()
            .throttling(new Throttling(3, 180_000, 10, 60_000, 1200)).build());
        String path = RawArm.scaleSetPath(web.key) + "?" + RawArm.API_VERSION;

        List<String> remaining = List.of(1, 2, 3).stream()
            .map(i -> raw.get(path, "t").headers().firstValue("x-ms-ratelimit-remaining-resource").orElseThrow())
            .toList();
        HttpResponse<String> throttled = raw.get(path, "t");

        assertThat(remaining).containsExactly(
            "Microsoft.Compute/GetVMScaleSet3Min;2,Microsoft.Compute/GetVMScaleSet30Min;999999",
            "Microsoft.Compute/GetVMScaleSet3Min;1,Microsoft.Compute/GetVMScaleSet30Min;999998",
            "Microsoft.Compute/GetVMScaleSet3Min;0,Microsoft.Compute/GetVMScaleSet30Min;999997");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1200");
        assertThat(RawArm.json(throttled).at("/error/code").asText()).isEqualTo("OperationNotAllowed");
        assertThat(RawArm.json(throttled).at("/error/details/0/code").asText()).isEqualTo("TooManyRequests");
        assertThat(web.report().throttled()).isEqualTo(1);
        assertThat(web.report().armRequests("GetScaleSet")).isEqualTo(4);
    }

    @Test
    void sdkWaitsOutRetryAfterOf429AndSucceeds() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "throttled-sdk", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder()
            .throttling(new Throttling(1, 1000, 10, 60_000, 1)).build());

        web.model();
        web.model();

        assertThat(web.report().throttled()).isPositive();
        assertThat(web.report().armRequests("GetScaleSet")).isGreaterThan(2);
    }

    @Test
    void latencyIsAddedToEveryArmRequest() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "slow", UpgradeMode.MANUAL);
        simulator.setFaults(web.key, Faults.builder().latencyMillis(300).build());

        long started = System.nanoTime();
        web.model();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void unknownScaleSetIs404ResourceNotFound() {
        // In a resource group that exists (it has another scale set); a missing group is ResourceGroupNotFound.
        ScaleSetFixture.create(simulator, compute, "neighbour", UpgradeMode.MANUAL);
        assertThatThrownBy(() -> compute.serviceClient().getVirtualMachineScaleSets()
            .getByResourceGroup(RESOURCE_GROUP, "nowhere"))
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
            });
    }

    @Test
    void unknownInstanceIdIs400NamingIt() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "unknown-id", UpgradeMode.MANUAL);

        assertThatThrownBy(() -> web.manualUpgrade(List.of("1", "42")))
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                assertThat(e.getValue().getCode()).isEqualTo("InvalidParameter");
                assertThat(e.getValue().getMessage()).contains("42").doesNotContain(" 1,");
            });
    }

    @Test
    void conflictingOperationsAre409WhileAnUpgradeRuns() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "busy",
            ScaleSetFixture.fastSpec().upgradeMillis(2500).build());
        web.putImage(image -> image.withVersion(NEXT_VERSION));
        SyncPoller<PollResult<Void>, Void> upgrade = compute.serviceClient().getVirtualMachineScaleSets()
            .beginUpdateInstances(RESOURCE_GROUP, "busy",
                new VirtualMachineScaleSetVMInstanceRequiredIDs().withInstanceIds(updateDomain(0)));

        assertThatThrownBy(() -> web.putImage(image -> image.withVersion("24.04.202411010")))
            .isInstanceOfSatisfying(ManagementException.class, e -> {
                assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                assertThat(e.getValue().getCode()).isEqualTo("OperationNotAllowed");
            });
        assertThatThrownBy(() -> web.manualUpgrade(List.of("5")))
            .isInstanceOfSatisfying(ManagementException.class, e ->
                assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
        assertThat(upgrade.waitForCompletion().getStatus())
            .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
    }

    @Test
    void missingBearerTokenIs401AuthenticationFailed() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "auth", UpgradeMode.MANUAL);

        HttpResponse<String> response = raw.get(RawArm.scaleSetPath(web.key) + "?" + RawArm.API_VERSION, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RawArm.json(response).at("/error/code").asText()).isEqualTo("AuthenticationFailed");
        assertThat(response.headers().firstValue("x-ms-request-id")).isPresent();
    }

    @Test
    void configuredTokenRejectsOtherTokens() throws Exception {
        try (Simulator guarded = Simulator.start(SimulatorOptions.builder().port(0).token("secret").build())) {
            ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, "guarded");
            guarded.createScaleSet(key, ScaleSetFixture.fastSpec().build());
            RawArm guardedRaw = new RawArm(guarded);
            String path = RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION;

            assertThat(guardedRaw.get(path, "other").statusCode()).isEqualTo(401);
            assertThat(guardedRaw.get(path, "secret").statusCode()).isEqualTo(200);
            assertThat(SdkClients.computeManager(guarded, "secret").serviceClient().getVirtualMachineScaleSets()
                .getByResourceGroup(RESOURCE_GROUP, "guarded").sku().capacity()).isEqualTo(20);
        }
    }
}
