package dev.vmssrollout.local;

import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import dev.vmssrollout.simulator.identity.ClientRegistration;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The worker's service principal at the simulator's Entra ID: the local stack registers it with the simulator and
 * the worker signs in with its client secret through DefaultAzureCredential, as against Azure, so the simulator
 * refuses any other token. The secret is made at the first start and kept in the data directory.
 */
final class SimulatorSignIn {

    static final String TENANT = "00000000-0000-0000-0000-00000000d3e0";
    static final String CLIENT_ID = "vmss-rollout-worker";
    private static final String FILE = "simulator-client-secret";

    private final String secret;

    private SimulatorSignIn(String secret) {
        this.secret = secret;
    }

    static SimulatorSignIn of(Path dataDir) {
        return new SimulatorSignIn(KeptSecret.in(file(dataDir), "the worker's client secret at the simulator"));
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    ClientRegistration registration() {
        return new ClientRegistration(TENANT, CLIENT_ID, secret);
    }

    /** The {@code AZURE_*} settings DefaultAzureCredential reads, here given to it instead of the process environment. */
    Configuration identity(URI simulator) {
        Map<String, String> variables = Map.of(
                "AZURE_TENANT_ID", TENANT,
                "AZURE_CLIENT_ID", CLIENT_ID,
                "AZURE_CLIENT_SECRET", secret,
                "AZURE_AUTHORITY_HOST", simulator.toString());
        ConfigurationSource none = path -> Map.of();
        return new ConfigurationBuilder(none, none, path -> variables).build();
    }
}
