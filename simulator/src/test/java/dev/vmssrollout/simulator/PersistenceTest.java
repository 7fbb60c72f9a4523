package dev.vmssrollout.simulator;

import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vmssrollout.simulator.ScaleSetFixture.NEXT_VERSION;
import static dev.vmssrollout.simulator.ScaleSetFixture.RESOURCE_GROUP;
import static dev.vmssrollout.simulator.ScaleSetFixture.updateDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Standalone mode: the data directory carries certificate and state across restarts. */
class PersistenceTest {
    @TempDir
    Path data;

    @Test
    void stateAndCertificateSurviveARestart() throws Exception {
        byte[] certificate;
        try (Simulator first = Simulator.start(SimulatorMain.parse("--port", "0", "--data", data.toString()))) {
            ComputeManager compute = SdkClients.computeManager(first);
            ScaleSetFixture web = ScaleSetFixture.create(first, compute, "web", UpgradeMode.MANUAL);
            first.setFaults(web.key, Faults.builder().unhealthyImages("24.04.202499999").build());
            compute.serviceClient().getVirtualMachineScaleSets().update(RESOURCE_GROUP, "web",
                new VirtualMachineScaleSetUpdate().withTags(Map.of("env", "prod")));
            web.putImage(image -> image.withVersion(NEXT_VERSION));
            web.manualUpgrade(updateDomain(3));
            certificate = Files.readAllBytes(first.certificatePem());
        }

        try (Simulator second = Simulator.start(SimulatorOptions.builder().port(0).dataDir(data).build())) {
            ComputeManager compute = SdkClients.computeManager(second);
            ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, "web");
            List<VirtualMachineScaleSetVMInner> vms = compute.serviceClient().getVirtualMachineScaleSetVMs()
                .list(RESOURCE_GROUP, "web").stream().toList();

            assertThat(Files.readAllBytes(second.certificatePem())).isEqualTo(certificate);
            assertThat(compute.serviceClient().getVirtualMachineScaleSets().getByResourceGroup(RESOURCE_GROUP, "web")
                .virtualMachineProfile().storageProfile().imageReference().version()).isEqualTo(NEXT_VERSION);
            assertThat(compute.serviceClient().getVirtualMachineScaleSets().getByResourceGroup(RESOURCE_GROUP, "web")
                .tags()).isEqualTo(Map.of("env", "prod"));
            assertThat(vms).hasSize(20).allSatisfy(vm ->
                assertThat(vm.latestModelApplied()).isEqualTo(updateDomain(3).contains(vm.instanceId())));
            assertThat(second.report(key).upgradeCounts()).containsEntry("3", 1).containsEntry("4", 0);
            assertThat(second.report(key).armRequests("ManualUpgrade")).isEqualTo(1);
            assertThat(RawArm.json(new RawArm(second).get(RawArm.adminPath(key) + "/faults", null))
                .at("/unhealthyImages/0").asText()).isEqualTo("24.04.202499999");
        }
    }

    @Test
    void instancesMidUpgradeAtShutdownFinishOnRestart() throws Exception {
        String operationUrl;
        ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, "slow");
        try (Simulator first = Simulator.start(SimulatorOptions.builder().port(0).dataDir(data).build())) {
            ScaleSetFixture web = ScaleSetFixture.create(first, SdkClients.computeManager(first), "slow",
                ScaleSetFixture.fastSpec().upgradeMillis(60_000).build());
            web.putImage(image -> image.withVersion(NEXT_VERSION));
            HttpResponse<String> accepted = new RawArm(first).send("POST", RawArm.scaleSetPath(key)
                + "/manualupgrade?" + RawArm.API_VERSION, "t", "{\"instanceIds\":[\"0\",\"1\"]}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            operationUrl = accepted.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        }

        try (Simulator second = Simulator.start(SimulatorOptions.builder().port(0).dataDir(data).build())) {
            String operationPath = operationUrl.substring(operationUrl.indexOf("subscriptions/"));
            HttpResponse<String> operation = new RawArm(second).get(operationPath, "t");
            VirtualMachineScaleSetVMInner vm = SdkClients.computeManager(second).serviceClient()
                .getVirtualMachineScaleSetVMs().get(RESOURCE_GROUP, "slow", "1");

            assertThat(RawArm.json(operation).path("status").asText()).isEqualTo("Succeeded");
            assertThat(vm.latestModelApplied()).isTrue();
            assertThat(vm.provisioningState()).isEqualTo("Succeeded");
            assertThat(vm.storageProfile().imageReference().version()).isEqualTo(NEXT_VERSION);
        }
    }

    /** Found by a whole-stack SIGKILL on the real Temporal server: the debounced snapshot lost an upgrade already accepted. */
    @Test
    void anAcceptedUpgradeIsOnDiskBeforeItsAnswerSoAKillCannotLoseIt() throws Exception {
        ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, "kill");
        // A debounce far longer than the test: only the write before the answer can have put it on disk.
        try (Simulator simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(data)
                .snapshotDebounceMillis(600_000).build())) {
            ScaleSetFixture web = ScaleSetFixture.create(simulator, SdkClients.computeManager(simulator), "kill",
                ScaleSetFixture.fastSpec().upgradeMillis(60_000).build());
            web.putImage(image -> image.withVersion(NEXT_VERSION));
            HttpResponse<String> accepted = new RawArm(simulator).send("POST", RawArm.scaleSetPath(key)
                + "/manualupgrade?" + RawArm.API_VERSION, "t", "{\"instanceIds\":[\"0\",\"1\"]}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String operationUrl = accepted.headers().firstValue("Azure-AsyncOperation").orElseThrow();
            String operationId = operationUrl.substring(operationUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");

            // Read while the simulator still runs, as a SIGKILL would leave it.
            String onDisk = Files.readString(data.resolve("simulator-state.json"));
            assertThat(onDisk).contains(operationId).contains(NEXT_VERSION);
        }
    }

    @Test
    void mainParsesPortDataAndToken() {
        SimulatorOptions options = SimulatorMain.parse("--port", "8443", "--data", "/var/sim", "--token", "t",
            "--page-size", "7");

        assertThat(options.port()).isEqualTo(8443);
        assertThat(options.dataDir()).isEqualTo(Path.of("/var/sim"));
        assertThat(options.token()).isEqualTo("t");
        assertThat(options.pageSize()).isEqualTo(7);
        assertThat(SimulatorMain.parse().dataDir()).isEqualTo(Path.of("data"));
        assertThatThrownBy(() -> SimulatorMain.parse("--port")).hasMessageContaining("missing value");
        assertThatThrownBy(() -> SimulatorMain.parse("--colour", "red")).hasMessageContaining("unknown option");
    }

    @Test
    void startWritesCertificateAndTrustStoreToTheDataDirectory() throws Exception {
        try (Simulator simulator = Simulator.start(SimulatorMain.parse("--port", "0", "--data", data.toString()))) {
            assertThat(simulator.certificatePem()).isEqualTo(data.resolve("simulator-cert.pem"));
            assertThat(Files.readString(simulator.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(simulator.trustStorePath()).isEqualTo(data.resolve("simulator-truststore.p12"));
            java.security.KeyStore trustStore = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(simulator.trustStorePath())) {
                trustStore.load(in, "changeit".toCharArray());
            }
            assertThat(trustStore.size()).isEqualTo(1);
        }
    }
}
