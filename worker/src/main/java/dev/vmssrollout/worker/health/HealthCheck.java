package dev.vmssrollout.worker.health;

import dev.vmssrollout.worker.azure.ComputeClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Asks one component whether it answers. Implementations may block; {@link WorkerHealth} bounds how long. */
@FunctionalInterface
public interface HealthCheck {

    ComponentHealth check();

    /** {@code SELECT 1} on a connection of the worker's pool. */
    static HealthCheck postgres(DataSource dataSource) {
        return () -> {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(5);
                statement.execute("SELECT 1");
                return ComponentHealth.up(Map.of("database", connection.getMetaData().getDatabaseProductName()));
            } catch (Exception e) {
                return ComponentHealth.down(e.getMessage());
            }
        };
    }

    /** GetSystemInfo: the cheapest call of the frontend, the one every SDK makes when it connects. */
    static HealthCheck temporal(WorkflowServiceStubs service, String namespace, Duration timeout) {
        return () -> {
            try {
                GetSystemInfoResponse info = service.blockingStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                return ComponentHealth.up(Map.of("namespace", namespace,
                        "serverVersion", info.getServerVersion().isEmpty() ? "unknown" : info.getServerVersion()));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    return ComponentHealth.up(Map.of("namespace", namespace)); // it answered: reachable
                }
                return ComponentHealth.down(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            } catch (RuntimeException e) {
                return ComponentHealth.down(e.getMessage());
            }
        };
    }

    /**
     * One cheap ARM read (never a VM list: those are high-cost reads with a budget per scale set).
     * Any HTTP answer proves Azure, or the simulator, reachable; a 5xx does not.
     */
    static HealthCheck azure(ComputeClients clients, Duration timeout) {
        return () -> {
            try {
                int status = clients.probe(timeout);
                return status >= 500 ? ComponentHealth.down("ARM answered HTTP " + status)
                        : ComponentHealth.up(Map.of("httpStatus", status));
            } catch (RuntimeException e) {
                return ComponentHealth.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        };
    }

    /** The worker's pollers run (RolloutWorker.isPolling). */
    static HealthCheck polling(BooleanSupplier polling) {
        return () -> polling.getAsBoolean() ? ComponentHealth.up(Map.of("polling", true))
                : new ComponentHealth(ComponentHealth.Status.DOWN, Map.of("polling", false));
    }
}
