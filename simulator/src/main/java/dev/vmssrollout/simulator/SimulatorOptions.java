package dev.vmssrollout.simulator;

import dev.vmssrollout.simulator.identity.ClientRegistration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a {@link Simulator}.
 *
 * @param port                   TCP port on 127.0.0.1; 0 picks a free one
 * @param dataDir                where certificate, trust store and state live; {@code null} keeps state in memory
 *                               and writes the certificate files to a temporary directory
 * @param token                  the only bearer token accepted; {@code null} accepts any non-empty one
 * @param pageSize               VMs per page of a VM list before a {@code nextLink}
 * @param pollRetryAfterSeconds  {@code Retry-After} on async operations; the SDK polls after that many seconds, and
 *                               after its own default of 30 s when it is 0, so 1 is the fastest useful value
 * @param threads                request handler threads
 * @param snapshotDebounceMillis how long state changes gather before one snapshot is written
 * @param throttling             the request budgets of every subscription and region (a scale set's faults may
 *                               change them); {@link Throttling#GENEROUS} unless set
 * @param clients                the applications that may sign in to the simulated Entra ID with a client secret;
 *                               with any, Resource Manager accepts only the tokens it issues (and {@code token})
 * @param tokenLifetime          how long the access tokens it issues are valid (Entra's default: about an hour)
 * @param role                   the permissions every caller holds, checked as Azure's role-based access control
 *                               does (403 {@code AuthorizationFailed}, {@code LinkedAuthorizationFailed});
 *                               {@code null} allows everything, as an Owner
 */
public record SimulatorOptions(int port, Path dataDir, String token, int pageSize, int pollRetryAfterSeconds,
                               int threads, long snapshotDebounceMillis, Throttling throttling,
                               List<ClientRegistration> clients, Duration tokenLifetime,
                               RoleDefinition role) {

    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        if (pollRetryAfterSeconds < 0) {
            throw new IllegalArgumentException("pollRetryAfterSeconds must not be negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        token = token == null || token.isBlank() ? null : token;
        throttling = throttling == null ? Throttling.GENEROUS : throttling;
        clients = clients == null ? List.of() : List.copyOf(clients);
        tokenLifetime = tokenLifetime == null ? DEFAULT_TOKEN_LIFETIME : tokenLifetime;
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive");
        }
    }

    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(60);

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int port = 8443;
        private Path dataDir;
        private String token;
        private int pageSize = 100;
        private int pollRetryAfterSeconds = 1;
        private int threads = 16;
        private long snapshotDebounceMillis = 200;
        private Throttling throttling = Throttling.GENEROUS;
        private final List<ClientRegistration> clients = new ArrayList<>();
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private RoleDefinition role;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder pollRetryAfterSeconds(int seconds) {
            this.pollRetryAfterSeconds = seconds;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder snapshotDebounceMillis(long millis) {
            this.snapshotDebounceMillis = millis;
            return this;
        }

        public Builder throttling(Throttling throttling) {
            this.throttling = throttling;
            return this;
        }

        /** Registers an application that may sign in with its client secret. */
        public Builder client(ClientRegistration client) {
            this.clients.add(client);
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public Builder role(RoleDefinition role) {
            this.role = role;
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(port, dataDir, token, pageSize, pollRetryAfterSeconds, threads,
                snapshotDebounceMillis, throttling, clients, tokenLifetime, role);
        }
    }
}
