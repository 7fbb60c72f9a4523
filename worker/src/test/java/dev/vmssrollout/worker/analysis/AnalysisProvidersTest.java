package dev.vmssrollout.worker.analysis;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Providers come from the worker's environment only, and a mistake there stops the worker with a clear message. */
class AnalysisProvidersTest {

    @Test
    void readsEachListedProvidersSettingsUnderItsName() {
        var providers = AnalysisProviders.fromEnv(Map.of(
                "VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prometheus, canary-judge",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_TYPE", "PROMETHEUS",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_URL", "http://prometheus:9090",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_VM_LABEL", "azure_vm",
                "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_TYPE", "webhook",
                "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_URL", "https://judge.example.com/hook?key=secret",
                "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_TIMEOUT", "PT5S",
                "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_BEARER_TOKEN", "t0ken"));

        assertThat(providers).containsExactly(
                new ProviderSettings("prometheus", ProviderSettings.ProviderType.PROMETHEUS,
                        URI.create("http://prometheus:9090"), Duration.ofSeconds(30), null, "azure_vm"),
                new ProviderSettings("canary-judge", ProviderSettings.ProviderType.WEBHOOK,
                        URI.create("https://judge.example.com/hook?key=secret"), Duration.ofSeconds(5), "t0ken", "vm"));
        assertThat(providers.get(1).toString()).isEqualTo("WEBHOOK provider 'canary-judge'")
                .doesNotContain("secret").doesNotContain("t0ken");
        assertThat(providers.get(0).provider()).isInstanceOf(PrometheusProvider.class);
        assertThat(providers.get(1).provider()).isInstanceOf(WebhookProvider.class);
        assertThat(AnalysisProviders.fromEnv(Map.of())).isEmpty();
    }

    @Test
    void aMistakeNamesTheVariableNeverTheUrl() {
        assertThatThrownBy(() -> AnalysisProviders.fromEnv(Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prom")))
                .hasMessage("VMSS_ROLLOUT_ANALYSIS_PROM_TYPE is required (the provider is listed in"
                        + " VMSS_ROLLOUT_ANALYSIS_PROVIDERS)");
        assertThatThrownBy(() -> AnalysisProviders.fromEnv(Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prom",
                "VMSS_ROLLOUT_ANALYSIS_PROM_TYPE", "GRAPHITE")))
                .hasMessage("VMSS_ROLLOUT_ANALYSIS_PROM_TYPE must be PROMETHEUS or WEBHOOK");
        assertThatThrownBy(() -> AnalysisProviders.fromEnv(Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prom",
                "VMSS_ROLLOUT_ANALYSIS_PROM_TYPE", "PROMETHEUS", "VMSS_ROLLOUT_ANALYSIS_PROM_URL", "file:///etc/secret")))
                .hasMessage("VMSS_ROLLOUT_ANALYSIS_PROM_URL is not an absolute http(s) URL");
        assertThatThrownBy(() -> AnalysisProviders.fromEnv(Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "Prom_1")))
                .hasMessageContaining("'Prom_1' is not a provider name");
        assertThatThrownBy(() -> AnalysisProviders.fromEnv(Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prom",
                "VMSS_ROLLOUT_ANALYSIS_PROM_TYPE", "PROMETHEUS", "VMSS_ROLLOUT_ANALYSIS_PROM_URL", "http://p:9090",
                "VMSS_ROLLOUT_ANALYSIS_PROM_TIMEOUT", "5s")))
                .hasMessage("VMSS_ROLLOUT_ANALYSIS_PROM_TIMEOUT must be an ISO-8601 duration such as PT10S");
    }
}
