package dev.vmssrollout.api.observability;

import dev.vmssrollout.workflows.TemporalConnection;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TemporalHealthIndicatorTest {

    @Test
    void aTemporalFrontendThatDoesNotAnswerIsDown() throws IOException {
        WorkflowClient client = TemporalConnection.local("127.0.0.1:" + closedPort()).connect();
        try {
            Health health = new TemporalHealthIndicator(client, new ObservabilityProperties(true, Duration.ofSeconds(2)))
                    .health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("namespace", "default").containsKey("error");
        } finally {
            client.getWorkflowServiceStubs().shutdownNow();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
