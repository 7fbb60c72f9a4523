package dev.vmssrollout.worker.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.simulator.identity.ClientRegistration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker signs in as it does against Azure: azure-identity's DefaultAzureCredential, configured by the
 * {@code AZURE_*} variables of a service principal with a client secret, at the authority host
 * {@code AZURE_AUTHORITY_HOST} (the simulator's Entra ID), and Resource Manager accepts the signed token it gets.
 */
class WorkerSignInTest {
    private static final String TENANT = "72f988bf-0000-4000-8000-00000000c0de";
    private static final ClientRegistration WORKER = new ClientRegistration(TENANT, "vmss-rollout-worker", "w0rker~secret");
    private static final ScaleSetKey KEY = ScaleSetKey.of("00000000-0000-0000-0000-000000000000", "signin-rg", "web");

    private static Simulator simulator;

    @BeforeAll
    static void start() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).client(WORKER).build());
    }

    @BeforeEach
    void freshScaleSet() {
        simulator.createScaleSet(KEY, ScaleSetSpec.builder().capacity(2).upgradePolicy(UpgradeMode.MANUAL)
                .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void theWorkerSignsInWithAClientSecretThroughDefaultAzureCredential() {
        ComputeClients clients = new ComputeClients(signIn(), new SimpleMeterRegistry(),
                environment(WORKER.clientSecret()));

        VirtualMachineScaleSetInner scaleSet = clients.forSubscription(KEY.subscriptionId())
                .getVirtualMachineScaleSets().getByResourceGroup(KEY.resourceGroup(), KEY.name());

        assertThat(scaleSet.name()).isEqualTo("web");
        assertThat(simulator.report(KEY).armRequests()).containsEntry("GetScaleSet", 1L);
    }

    @Test
    void aWrongSecretNeverReachesResourceManager() {
        ComputeClients clients = new ComputeClients(signIn(), new SimpleMeterRegistry(), environment("not-the-secret"));

        assertThatThrownBy(() -> clients.forSubscription(KEY.subscriptionId())
                .getVirtualMachineScaleSets().getByResourceGroup(KEY.resourceGroup(), KEY.name()))
                .isInstanceOf(ClientAuthenticationException.class)
                .hasMessageContaining("AADSTS7000215");
        assertThat(simulator.report(KEY).armRequests()).doesNotContainKey("GetScaleSet");
    }

    private static AzureSettings signIn() {
        return AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                AzureSettings.DEFAULT_HEALTH_POLL_INTERVAL).withSignIn();
    }

    /** What the process environment holds in production: DefaultAzureCredential reads exactly these. */
    private static Configuration environment(String secret) {
        Map<String, String> variables = Map.of(
                "AZURE_TENANT_ID", TENANT,
                "AZURE_CLIENT_ID", WORKER.clientId(),
                "AZURE_CLIENT_SECRET", secret,
                "AZURE_AUTHORITY_HOST", simulator.baseUrl().toString());
        ConfigurationSource none = path -> Map.of();
        return new ConfigurationBuilder(none, none, path -> variables).build();
    }
}
