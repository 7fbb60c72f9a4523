package dev.vmssrollout.simulator;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetRollingUpgradesClient;
import com.azure.resourcemanager.compute.fluent.models.RollingUpgradeStatusInfoInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.RollingUpgradeStatusCode;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetReimageParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.vmssrollout.simulator.ScaleSetFixture.NEXT_VERSION;
import static dev.vmssrollout.simulator.ScaleSetFixture.RESOURCE_GROUP;
import static dev.vmssrollout.simulator.ScaleSetFixture.updateDomain;
import static org.assertj.core.api.Assertions.assertThat;

/** What each upgrade policy costs in capacity, as the report's minInService records it. */
class UpgradePolicyTest {
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
    void automaticPolicyUpgradesEveryInstanceAtOnce() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "automatic", UpgradeMode.AUTOMATIC);

        web.putImage(image -> image.withVersion(NEXT_VERSION));

        ScaleSetFixture.await("all instances serve the new model", Duration.ofSeconds(10), () ->
            web.listWithInstanceView().stream().allMatch(vm -> vm.latestModelApplied() && ScaleSetFixture.isServing(vm)));
        ScaleSetReport report = web.report();
        assertThat(report.minInService()).isZero();
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void manualUpgradeOneUpdateDomainAtATimeKeepsSixteenInService() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "manual", UpgradeMode.MANUAL);
        web.putImage(image -> image.withVersion(NEXT_VERSION));

        for (int domain = 0; domain < 5; domain++) {
            web.manualUpgrade(updateDomain(domain));
            web.awaitAllServing(updateDomain(domain));
        }

        ScaleSetReport report = web.report();
        assertThat(report.minInService()).isEqualTo(16);
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> assertThat(vm.latestModelApplied()).isTrue());
    }

    @Test
    void rollingPolicyUpgradesInBatchesOfOneUpdateDomain() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "rolling", UpgradeMode.ROLLING);

        web.putImage(image -> image.withVersion(NEXT_VERSION));

        VirtualMachineScaleSetRollingUpgradesClient rolling = compute.serviceClient().getVirtualMachineScaleSetRollingUpgrades();
        ScaleSetFixture.await("the rolling upgrade completed", Duration.ofSeconds(15), () ->
            rolling.getLatest(RESOURCE_GROUP, "rolling").runningStatus().code() == RollingUpgradeStatusCode.COMPLETED);
        assertThat(rolling.getLatest(RESOURCE_GROUP, "rolling").progress().successfulInstanceCount()).isEqualTo(20);
        assertThat(web.report().minInService()).isEqualTo(16);
        assertThat(web.listWithInstanceView()).allSatisfy(vm -> assertThat(vm.latestModelApplied()).isTrue());
    }

    @Test
    void reimageKeepsTheImageAnInstanceRunsAndIsNoUpgrade() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "reimaged", UpgradeMode.MANUAL);
        web.putImage(image -> image.withVersion(NEXT_VERSION));

        compute.serviceClient().getVirtualMachineScaleSets().reimage(RESOURCE_GROUP, "reimaged",
            new VirtualMachineScaleSetReimageParameters().withInstanceIds(List.of("0")), Context.NONE);

        VirtualMachineScaleSetVMInner vm = compute.serviceClient().getVirtualMachineScaleSetVMs()
            .get(RESOURCE_GROUP, "reimaged", "0");
        assertThat(vm.storageProfile().imageReference().version()).isEqualTo(ScaleSetFixture.UBUNTU_2409.version());
        assertThat(vm.latestModelApplied()).isFalse();
        assertThat(web.report().upgradeCounts()).containsEntry("0", 0);
        assertThat(web.report().minInService()).isEqualTo(19);
        var summary = compute.serviceClient().getVirtualMachineScaleSets()
            .getInstanceView(RESOURCE_GROUP, "reimaged").virtualMachine().statusesSummary();
        assertThat(summary.stream().filter(status -> status.code().startsWith("ProvisioningState/"))
            .mapToInt(status -> status.count()).sum()).isEqualTo(20);
    }

    @Test
    void cancelledRollingUpgradeStopsAfterTheRunningBatch() {
        ScaleSetFixture web = ScaleSetFixture.create(simulator, compute, "cancelled",
            ScaleSetFixture.fastSpec().upgradeMillis(1500).build());
        web.putImage(image -> image.withVersion(NEXT_VERSION));
        VirtualMachineScaleSetRollingUpgradesClient rolling = compute.serviceClient().getVirtualMachineScaleSetRollingUpgrades();
        rolling.beginStartOSUpgrade(RESOURCE_GROUP, "cancelled");

        rolling.cancel(RESOURCE_GROUP, "cancelled");

        RollingUpgradeStatusInfoInner status = rolling.getLatest(RESOURCE_GROUP, "cancelled");
        assertThat(status.runningStatus().code()).isEqualTo(RollingUpgradeStatusCode.CANCELLED);
        assertThat(status.progress().successfulInstanceCount()).isEqualTo(4);
        assertThat(status.progress().pendingInstanceCount()).isEqualTo(16);
        assertThat(web.listWithInstanceView().stream().filter(VirtualMachineScaleSetVMInner::latestModelApplied)
            .map(VirtualMachineScaleSetVMInner::instanceId)).containsExactlyInAnyOrderElementsOf(updateDomain(0));
    }
}
