package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.db.JdbcAnalysisStore;
import dev.vmssrollout.worker.azure.ComputeClients;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's metric analysis configuration. Providers are named here, never in plans (no request from a plan goes
 * to a URL the plan chose): {@value #AZURE_MONITOR_NAME_VARIABLE} names the Azure Monitor provider, which reads the
 * metrics of the worker's own Azure endpoint with its own credential (default name {@value #DEFAULT_AZURE_MONITOR});
 * {@link AnalysisProviders} reads the Prometheus and webhook providers.
 */
public final class MetricAnalysis {

    public static final String AZURE_MONITOR_NAME_VARIABLE = "VMSS_ROLLOUT_ANALYSIS_AZURE_MONITOR_NAME";
    public static final String DEFAULT_AZURE_MONITOR = "azure-monitor";
    /** One metrics request may take this long; the measurement is INCONCLUSIVE after it. */
    public static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(30);

    private MetricAnalysis() {
    }

    public static MetricAnalysisActivities activities(Map<String, String> env, ComputeClients azure, DataSource dataSource,
                                                      MeterRegistry meters) {
        String name = env.getOrDefault(AZURE_MONITOR_NAME_VARIABLE, DEFAULT_AZURE_MONITOR).trim();
        return activities(name, AnalysisProviders.fromEnv(env), azure, dataSource, meters);
    }

    /** An Azure Monitor provider named {@code azureMonitorName} over {@code azure}'s pipeline; evidence in PostgreSQL. */
    public static MetricAnalysisActivities activities(String azureMonitorName, ComputeClients azure, DataSource dataSource) {
        return activities(azureMonitorName, List.of(), azure, dataSource, Metrics.globalRegistry);
    }

    /** The Azure Monitor provider and {@code others} (Prometheus, webhooks); names must differ. */
    public static MetricAnalysisActivities activities(String azureMonitorName, List<ProviderSettings> others,
                                                      ComputeClients azure, DataSource dataSource, MeterRegistry meters) {
        Map<String, AnalysisProvider> providers = new LinkedHashMap<>();
        providers.put(azureMonitorName, new AzureMonitorProvider(azure, PROVIDER_TIMEOUT));
        for (ProviderSettings settings : others) {
            if (providers.putIfAbsent(settings.name(), settings.provider()) != null) {
                throw new IllegalArgumentException(AnalysisProviders.PROVIDERS + ": '" + settings.name()
                        + "' is already the Azure Monitor provider's name (" + AZURE_MONITOR_NAME_VARIABLE + ")");
            }
        }
        return new MetricAnalysisActivities(new JdbcAnalysisStore(dataSource), providers, Clock.systemUTC(), meters);
    }
}
