package dev.vmssrollout.api.observability;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * The {@code temporal} component of /actuator/health (and of the readiness group): GetSystemInfo,
 * the cheapest call the frontend answers. The API also works from PostgreSQL alone while Temporal
 * is down (lists, details, submissions the reconciler starts later); this says whether starting,
 * signalling and approving work right now.
 */
@Component("temporalHealthIndicator")
class TemporalHealthIndicator implements HealthIndicator {

    private final WorkflowClient client;
    private final ObservabilityProperties properties;

    TemporalHealthIndicator(WorkflowClient client, ObservabilityProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public Health health() {
        WorkflowServiceStubs service = client.getWorkflowServiceStubs();
        if (service == null) {
            return Health.unknown().withDetail("reason", "the Temporal client has no service connection").build();
        }
        String namespace = client.getOptions().getNamespace();
        try {
            GetSystemInfoResponse info = service.blockingStub()
                    .withDeadlineAfter(properties.temporalHealthTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            return Health.up().withDetail("namespace", namespace)
                    .withDetail("serverVersion", info.getServerVersion().isEmpty() ? "unknown" : info.getServerVersion())
                    .build();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return Health.up().withDetail("namespace", namespace).build(); // it answered: reachable
            }
            return Health.down().withDetail("namespace", namespace)
                    .withDetail("error", e.getStatus().getCode() + ": " + e.getStatus().getDescription()).build();
        }
    }
}
