package dev.vmssrollout.simulator;

import dev.vmssrollout.simulator.identity.ClientRegistration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A client the project did not write: Microsoft's Python SDK ({@code azure-mgmt-compute}, {@code azure-identity},
 * pinned in src/test/python/requirements.txt) signs in with a client secret at the simulated Entra ID and runs the
 * seed procedure unmodified (src/test/python/seed_procedure.py). {@code scripts/install-python-sdk.sh}, which
 * {@code .ci/run} runs, installs it; without it this test fails and says so.
 */
class PythonSdkConformanceTest {
    private static final Path REQUIREMENTS = Path.of("src/test/python/requirements.txt");
    private static final Path SCRIPT = Path.of("src/test/python/seed_procedure.py");
    private static final ClientRegistration CLIENT = new ClientRegistration("9f3c0000-aaaa-4bbb-8ccc-0000000d0e0f",
        "python-sdk-conformance", "py-secret");
    private static final String NEW_VERSION = "24.04.202410010";

    @Test
    void microsoftsPythonSdkRunsTheSeedProcedureAgainstTheSimulator() throws Exception {
        Path python = installedPython();
        try (Simulator simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).client(CLIENT)
            .build())) {
            ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, ScaleSetFixture.RESOURCE_GROUP, "python");
            simulator.createScaleSet(key, ScaleSetFixture.fastSpec().capacity(10).updateDomains(5)
                .upgradePolicy(UpgradeMode.MANUAL).build());

            ProcessBuilder run = new ProcessBuilder(python.toString(), SCRIPT.toString()).redirectErrorStream(true);
            Map<String, String> env = run.environment();
            env.put("ARM_ENDPOINT", simulator.baseUrl().toString());
            env.put("AZURE_TENANT_ID", CLIENT.tenantId());
            env.put("AZURE_CLIENT_ID", CLIENT.clientId());
            env.put("AZURE_CLIENT_SECRET", CLIENT.clientSecret());
            env.put("SUBSCRIPTION_ID", key.subscriptionId());
            env.put("RESOURCE_GROUP", key.resourceGroup());
            env.put("SCALE_SET", key.name());
            env.put("NEW_IMAGE_VERSION", NEW_VERSION);
            env.put("REQUESTS_CA_BUNDLE", simulator.certificatePem().toAbsolutePath().toString());
            env.put("SSL_CERT_FILE", simulator.certificatePem().toAbsolutePath().toString());
            Process process = run.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean exited = process.waitFor(2, TimeUnit.MINUTES);

            assertThat(exited).as("the script ended").isTrue();
            assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
            assertThat(output)
                .contains("model: image 24.04.202409010")
                .contains("model updated: image " + NEW_VERSION + ", provisioningState Succeeded")
                .contains("instances: 10, outdated 10, update domain 0: 0,5")
                .contains("manualupgrade of update domain 0 ended")
                .contains("update domain 0 runs the latest model: 2 instances");
            ScaleSetReport report = simulator.report(key);
            assertThat(report.upgradeCounts()).containsEntry("0", 1).containsEntry("5", 1).containsEntry("1", 0);
            assertThat(report.armRequests()).containsKeys("GetScaleSet", "PutScaleSet", "ListVMsInstanceView",
                "ManualUpgrade", "GetOperation");
        }
    }

    /** The pinned SDK's python, where scripts/install-python-sdk.sh puts it; fails with what to run when absent. */
    private static Path installedPython() throws IOException, NoSuchAlgorithmException {
        String pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(REQUIREMENTS))).substring(0, 12);
        String tools = System.getenv().getOrDefault("VMSS_TOOLS_DIR",
            System.getProperty("user.home") + "/.local/share/vmss-rollout");
        Path python = Path.of(tools, "python-sdk-" + pin, "bin", "python");
        if (!Files.isExecutable(python)) {
            fail("Microsoft's Python SDK pinned in " + REQUIREMENTS + " is not installed at " + python
                + ": run .ci/run, or scripts/install-python-sdk.sh, first");
        }
        return python;
    }
}
