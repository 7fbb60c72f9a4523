package dev.vmssrollout.simulator;

import dev.vmssrollout.simulator.admin.AdminHandler;
import dev.vmssrollout.simulator.arm.ArmHandler;
import dev.vmssrollout.simulator.compute.Health;
import dev.vmssrollout.simulator.compute.OperationRegistry;
import dev.vmssrollout.simulator.compute.OperationSnapshot;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetContext;
import dev.vmssrollout.simulator.compute.ScaleSetRegistry;
import dev.vmssrollout.simulator.compute.Timers;
import dev.vmssrollout.simulator.http.SimulatorServer;
import dev.vmssrollout.simulator.metrics.MonitorHandler;
import dev.vmssrollout.simulator.http.Handler;
import dev.vmssrollout.simulator.http.Response;
import dev.vmssrollout.simulator.identity.AccessTokenCheck;
import dev.vmssrollout.simulator.identity.EntraId;
import dev.vmssrollout.simulator.persistence.SnapshotStore;
import dev.vmssrollout.simulator.tls.ServerCertificate;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;

/**
 * An ARM-compatible HTTPS endpoint for Microsoft.Compute virtual machine scale sets, which the unmodified Azure SDK
 * can drive. Start one per test, or one per process with {@link SimulatorMain}.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorOptions.builder().port(0).build())) {
 *     sim.createScaleSet(ScaleSetKey.of("sub", "rg", "web"), ScaleSetSpec.builder().image(image).build());
 *     // point the SDK at sim.baseUrl(), trusting sim.trustStore()
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {
    private final ServerCertificate certificate;
    private final Timers timers;
    private final ScaleSetRegistry scaleSets;
    private final SnapshotStore snapshots;
    private final SimulatorServer server;
    private final OperationRegistry operations;
    private final EntraId identity;

    private Simulator(ServerCertificate certificate, Timers timers, ScaleSetRegistry scaleSets,
                      SnapshotStore snapshots, SimulatorServer server, OperationRegistry operations,
                      EntraId identity) {
        this.identity = identity;
        this.operations = operations;
        this.certificate = certificate;
        this.timers = timers;
        this.scaleSets = scaleSets;
        this.snapshots = snapshots;
        this.server = server;
    }

    /** Starts serving; with a data directory, restores the scale sets persisted there first. */
    public static Simulator start(SimulatorOptions options) throws IOException {
        Path certificateDirectory = options.dataDir() != null
            ? options.dataDir() : Files.createTempDirectory("vmss-simulator-");
        ServerCertificate certificate = ServerCertificate.loadOrCreate(certificateDirectory);
        Timers timers = new Timers();
        OperationRegistry operations = new OperationRegistry();
        SnapshotSource source = new SnapshotSource(operations);
        SnapshotStore snapshots = options.dataDir() == null ? null
            : new SnapshotStore(options.dataDir(), timers, options.snapshotDebounceMillis(), source::state);
        ScaleSetRegistry scaleSets = new ScaleSetRegistry(new ScaleSetContext(timers, operations,
            snapshots == null ? () -> { } : snapshots::requestWrite));
        source.scaleSets = scaleSets;
        if (snapshots != null) {
            snapshots.load().ifPresent(state -> {
                scaleSets.restore(state.scaleSets());
                operations.restore(state.operations());
                operations.settleInterrupted(key -> scaleSets.find(key).map(ScaleSet::failedInstanceIds).orElse(Set.of()));
            });
        }
        AdminHandler admin = new AdminHandler(scaleSets);
        EntraId identity = EntraId.in(certificateDirectory, options.clients(), options.tokenLifetime());
        AccessTokenCheck tokens = new AccessTokenCheck(identity, options.token());
        ArmHandler arm = new ArmHandler(scaleSets, operations, tokens, options.pageSize(),
            options.pollRetryAfterSeconds(), options.throttling(), options.role());
        MonitorHandler monitor = new MonitorHandler(scaleSets, tokens);
        Handler durableArm = snapshots == null ? arm : request -> {
            Response response = arm.handle(request);
            if (!request.method().equalsIgnoreCase("GET") && response.status() < 300) {
                snapshots.writeNow(); // on disk before the client hears "accepted", as with Azure
            }
            return response;
        };
        SimulatorServer server = SimulatorServer.start(options.port(), certificate.sslContext(), options.threads(),
            request -> AdminHandler.handles(request) ? admin.handle(request)
                : EntraId.handles(request) ? identity.handle(request)
                : MonitorHandler.handles(request) ? monitor.handle(request) : durableArm.handle(request));
        return new Simulator(certificate, timers, scaleSets, snapshots, server, operations, identity);
    }

    /** {@code https://localhost:PORT/}: the resource manager endpoint to give the SDK. */
    public URI baseUrl() {
        return URI.create("https://localhost:" + port() + "/");
    }

    public int port() {
        return server.port();
    }

    /**
     * The simulated Microsoft Entra ID at {@code https://localhost:PORT/{tenant}/}: point a client's authority host
     * at {@link #baseUrl()} and sign in as one of the options' clients.
     */
    public EntraId identity() {
        return identity;
    }

    /** The server certificate, PEM encoded ({@code curl --cacert}). */
    public Path certificatePem() {
        return certificate.certificatePem();
    }

    /** A PKCS12 trust store holding the server certificate, password {@code changeit}. */
    public Path trustStorePath() {
        return certificate.trustStorePath();
    }

    /** The trust store in memory, for building an SSLContext that trusts this simulator and nothing else. */
    public KeyStore trustStore() {
        return certificate.trustStore();
    }

    /** Creates the scale set, or replaces an existing one of that name (abandoning its running upgrades). */
    public void createScaleSet(ScaleSetKey key, ScaleSetSpec spec) {
        scaleSets.put(key, spec);
    }

    public void setFaults(ScaleSetKey key, Faults faults) {
        scaleSets.require(key).setFaults(faults);
    }

    /**
     * The application on every running instance of the scale set now reports {@code health} to its health probe (it
     * degraded after it booted); a later boot reports what the faults say.
     *
     * @return how many instances changed their report
     */
    public int reportHealth(ScaleSetKey key, Health health) {
        return scaleSets.require(key).reportHealth(health);
    }

    /** Scales out or in as a PATCH of {@code sku.capacity} would: new instances come up on the model. */
    public void scaleTo(ScaleSetKey key, int capacity) {
        scaleSets.require(key).scaleTo(capacity);
    }

    public ScaleSetReport report(ScaleSetKey key) {
        return scaleSets.require(key).report();
    }

    /**
     * The scale set's asynchronous operations (e.g. {@code ManualUpgrade}) with their start and end times, oldest
     * first: when tests need to know when Azure was asked to do what. Finished ones are kept for an hour.
     */
    public List<OperationSnapshot> operations(ScaleSetKey key) {
        return operations.snapshot().stream().filter(operation -> operation.scaleSet().equals(key)).toList();
    }

    /** Starts a fresh report: counters zeroed, {@code minInService} restarted from the instances in service now. */
    public void resetReport(ScaleSetKey key) {
        scaleSets.require(key).resetReport();
    }

    /** Stops serving; with a data directory, writes the final state there. */
    @Override
    public void close() {
        server.close();
        scaleSets.retireAll();
        timers.close();
        if (snapshots != null) {
            snapshots.close();
        }
    }

    /** Lets the snapshot store read state that is wired up after the store itself. */
    private static final class SnapshotSource {
        private final OperationRegistry operations;
        private ScaleSetRegistry scaleSets;

        SnapshotSource(OperationRegistry operations) {
            this.operations = operations;
        }

        SnapshotStore.State state() {
            return new SnapshotStore.State(scaleSets.snapshot(), operations.snapshot());
        }
    }
}
