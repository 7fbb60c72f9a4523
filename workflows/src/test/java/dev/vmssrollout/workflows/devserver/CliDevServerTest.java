package dev.vmssrollout.workflows.devserver;

import dev.vmssrollout.workflows.RolloutSearchAttributes;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real `temporal server start-dev`, started as the local stack starts it. */
class CliDevServerTest {

    @TempDir
    Path dir;

    @Test
    void registersTheRolloutSearchAttributesInItsNamespaceAndServesTheUiOnLoopbackOnly() throws Exception {
        Path cli = requireCli();
        try (CliDevServer server = CliDevServer.start(cli, settings(0))) {
            assertThat(searchAttributes(server, "vmss")).containsAllEntriesOf(RolloutSearchAttributes.definitions());
            assertThat(server.uiUrl()).startsWith("http://localhost:");
            HttpResponse<String> ui = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.settings().uiPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.body()).startsWith("<!doctype html>");
            for (java.net.InetAddress address : nonLoopbackAddresses()) {
                assertThat(accepts(address, server.settings().uiPort())).as("UI on %s", address).isFalse();
                assertThat(accepts(address, server.port())).as("gRPC on %s", address).isFalse();
            }
        }
    }

    @Test
    void aRestartOnTheSameDatabaseKeepsTheNamespaceAndRegistersNothingTwice() {
        Path cli = requireCli();
        try (CliDevServer first = CliDevServer.start(cli, settings(-1))) {
            assertThat(searchAttributes(first, "vmss")).containsAllEntriesOf(RolloutSearchAttributes.definitions());
        }
        assertThat(Files.exists(dir.resolve("temporal.db"))).isTrue();
        try (CliDevServer second = CliDevServer.start(cli, settings(-1))) {
            assertThat(searchAttributes(second, "vmss")).containsAllEntriesOf(RolloutSearchAttributes.definitions());
        }
    }

    @Test
    void aTakenPortIsAClearFailureNotAHang() throws Exception {
        Path cli = requireCli();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliDevServer.Settings settings = new CliDevServer.Settings("127.0.0.1", taken.getLocalPort(), -1,
                    dir.resolve("temporal.db"), "vmss", dir.resolve("temporal.log"));
            assertThatThrownBy(() -> CliDevServer.start(cli, settings))
                    .hasMessageContaining("exited").hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    private static java.util.List<java.net.InetAddress> nonLoopbackAddresses() throws java.net.SocketException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .toList();
    }

    private static boolean accepts(java.net.InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 1000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private CliDevServer.Settings settings(int uiPort) {
        return new CliDevServer.Settings("127.0.0.1", 0, uiPort, dir.resolve("temporal.db"), "vmss",
                dir.resolve("temporal.log"));
    }

    private static Path requireCli() {
        // realOnly() aborts here without the CLI, and fails in CI; the shared server it starts is not used.
        if (!TestTemporal.cliInstalled()) {
            TestTemporal.realOnly();
        }
        return TemporalCli.find().orElseThrow();
    }

    private static Map<String, IndexedValueType> searchAttributes(CliDevServer server, String namespace) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setTarget(server.target()).validateAndBuildWithDefaults());
        try {
            return operator.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace).build()).getCustomAttributesMap();
        } finally {
            operator.shutdownNow();
        }
    }
}
