package dev.vmssrollout.api.rollouts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Defaults the API fills into a submitted plan ({@code vmss.rollouts.*}).
 *
 * @param defaultMinReady {@code health.minReady} when a plan leaves it out: one minute of unbroken healthy reports,
 *                        about a dozen probes of the Application Health extension and longer than a typical restart
 *                        back-off, so an application that crash-loops after start is caught in its own wave. A local
 *                        stack or a test whose simulated instances never crash-loop may lower it (PT0S).
 */
@ConfigurationProperties("vmss.rollouts")
public record PlanDefaultsProperties(@DefaultValue("PT1M") Duration defaultMinReady) {
}
