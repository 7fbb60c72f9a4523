package dev.vmssrollout.simulator.identity;

import java.util.Objects;

/**
 * An application registered in the simulated Microsoft Entra ID: a service principal of {@code tenantId} that signs
 * in with {@code clientSecret}.
 */
public record ClientRegistration(String tenantId, String clientId, String clientSecret) {

    public ClientRegistration {
        requireText(tenantId, "tenant id");
        requireText(clientId, "client id");
        requireText(clientSecret, "client secret");
    }

    /** {@code TENANT:CLIENT_ID:SECRET}, as {@code --client} takes it (the secret may itself contain ':'). */
    public static ClientRegistration parse(String value) {
        String[] parts = Objects.requireNonNull(value, "value").split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("--client is TENANT:CLIENT_ID:SECRET, not '" + value + "'");
        }
        return new ClientRegistration(parts[0], parts[1], parts[2]);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a registered client needs a " + name);
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "ClientRegistration[tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret=(set)]";
    }
}
