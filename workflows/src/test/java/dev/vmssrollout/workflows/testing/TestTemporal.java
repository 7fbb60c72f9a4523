package dev.vmssrollout.workflows.testing;

import dev.vmssrollout.workflows.TemporalConnection;
import dev.vmssrollout.workflows.devserver.CliDevServer;
import dev.vmssrollout.workflows.devserver.TemporalCli;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.testserver.TestServer;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The Temporal a test stack runs on. {@link #forScenario()}: the real Temporal server ({@code temporal server
 * start-dev}, one per test JVM) when the CLI is installed, else the Java SDK's test server in real time.
 * {@link #realOnly()}: the real server, or the test is skipped on a developer machine without it. Either way a test
 * that wants the real server FAILS when the environment variable {@code CI} is {@code true} and the CLI is missing:
 * CI (`.ci/run`) installs it, so its absence there is a broken build, not a reason to skip.
 */
public final class TestTemporal implements AutoCloseable {

    private final WorkflowClient client;
    private final CliDevServer real;
    private final TestServer.PortBoundTestServer fallback;

    private TestTemporal(WorkflowClient client, CliDevServer real, TestServer.PortBoundTestServer fallback) {
        this.client = client;
        this.real = real;
        this.fallback = fallback;
    }

    /** The real dev server when installed, else the Java test server (real time). */
    public static TestTemporal forScenario() {
        CliDevServer server = SharedDevServer.get().orElse(null);
        if (server == null) {
            failInCi();
            return javaTestServer();
        }
        return new TestTemporal(TemporalConnection.local(server.target()).connect(), server, null);
    }

    /** The real dev server; a test that needs what only it has is skipped without it (and fails in CI). */
    public static TestTemporal realOnly() {
        CliDevServer server = SharedDevServer.get().orElse(null);
        if (server == null) {
            failInCi();
            Assumptions.abort("needs the Temporal CLI (" + TemporalCli.INSTALL_COMMAND + "): not installed here");
        }
        return new TestTemporal(TemporalConnection.local(server.target()).connect(), server, null);
    }

    /** The Java SDK's test server on a free port, in real time. */
    public static TestTemporal javaTestServer() {
        int port = freePort();
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        return new TestTemporal(TemporalConnection.local("127.0.0.1:" + port).connect(), null, server);
    }

    /**
     * The CLI, for a test stack that runs its own dev server (to restart it); empty: use the Java test server.
     * Fails in CI when it is missing.
     */
    public static java.util.Optional<java.nio.file.Path> cliOrFallback() {
        java.util.Optional<java.nio.file.Path> cli = TemporalCli.find();
        if (cli.isEmpty()) {
            failInCi();
        }
        return cli;
    }

    /**
     * For a test that only the real server supports, on a stack that chose its Temporal already: skipped when it is
     * the Java test server on a developer machine, failed in CI.
     */
    public static void assumeReal(boolean real) {
        if (!real) {
            failInCi();
            Assumptions.abort("needs the real Temporal server (" + TemporalCli.INSTALL_COMMAND + "): not installed here");
        }
    }

    /** Whether the CLI is installed here: tests that need the real server run (or fail in CI). */
    public static boolean cliInstalled() {
        return TemporalCli.find().isPresent();
    }

    private static void failInCi() {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the Temporal CLI is not installed: run " + TemporalCli.INSTALL_COMMAND
                    + " (.ci/run does), or put `temporal` on PATH, or set VMSS_TEMPORAL_CLI");
        }
    }

    public WorkflowClient client() {
        return client;
    }

    /** Whether this is the real Temporal server (visibility, search attributes, sticky queues that time out). */
    public boolean real() {
        return real != null;
    }

    /** The real server, for tests that restart or inspect it. */
    public CliDevServer devServer() {
        if (real == null) {
            throw new IllegalStateException("the Java test server is no dev server");
        }
        return real;
    }

    /**
     * The real server outlives this stack: workflows still running are terminated, so the next test's worker (same
     * task queue) never picks up a rollout whose database is gone. The Java test server is simply stopped.
     */
    @Override
    public void close() {
        if (real != null) {
            terminateRunning();
            client.getWorkflowServiceStubs().shutdownNow();
        } else {
            client.getWorkflowServiceStubs().shutdownNow();
            fallback.close();
        }
    }

    private void terminateRunning() {
        if (!real.isAlive()) {
            return;
        }
        var stub = client.getWorkflowServiceStubs().blockingStub();
        String namespace = client.getOptions().getNamespace();
        ListWorkflowExecutionsResponse running = stub.listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(namespace).setQuery("ExecutionStatus = 'Running'").setPageSize(1000).build());
        for (WorkflowExecutionInfo info : running.getExecutionsList()) {
            WorkflowExecution execution = info.getExecution();
            try {
                stub.terminateWorkflowExecution(TerminateWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
                        .setWorkflowExecution(execution).setReason("test stack closed").build());
            } catch (io.grpc.StatusRuntimeException alreadyClosed) {
                // closed between the list and the terminate: nothing left to stop
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
