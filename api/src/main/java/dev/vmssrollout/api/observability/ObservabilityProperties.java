package dev.vmssrollout.api.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code vmss.observability.*}.
 *
 * @param publicMetrics          GET /actuator/prometheus without credentials (what Prometheus scrapers expect);
 *                               false puts it behind the API's authentication like every other endpoint
 * @param temporalHealthTimeout  how long the Temporal health check waits for the frontend
 */
@ConfigurationProperties("vmss.observability")
public record ObservabilityProperties(@DefaultValue("true") boolean publicMetrics,
                                      @DefaultValue("3s") Duration temporalHealthTimeout) {
}
