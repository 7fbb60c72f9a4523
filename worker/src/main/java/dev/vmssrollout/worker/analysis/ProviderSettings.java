package dev.vmssrollout.worker.analysis;

import java.net.URI;
import java.time.Duration;

/**
 * One analysis provider configured on the worker (never in a plan: a plan names it, so no plan can make the worker
 * call an address of its choosing).
 *
 * @param name        what plans call it, e.g. {@code prometheus}
 * @param url         Prometheus' base URL ({@code http://prometheus:9090}) or the webhook's URL
 * @param timeout     one request; a measurement past it is INCONCLUSIVE
 * @param bearerToken sent as {@code Authorization: Bearer ...}, or null; never logged or stored
 * @param vmLabel     the Prometheus label that holds the VM's name ({@code <scale set>_<instance id>})
 */
public record ProviderSettings(String name, ProviderType type, URI url, Duration timeout, String bearerToken,
                               String vmLabel) {

    public static final String DEFAULT_VM_LABEL = "vm";

    public enum ProviderType {
        PROMETHEUS, WEBHOOK
    }

    public static ProviderSettings prometheus(String name, URI url, Duration timeout) {
        return new ProviderSettings(name, ProviderType.PROMETHEUS, url, timeout, null, DEFAULT_VM_LABEL);
    }

    public static ProviderSettings webhook(String name, URI url, Duration timeout) {
        return new ProviderSettings(name, ProviderType.WEBHOOK, url, timeout, null, DEFAULT_VM_LABEL);
    }

    public AnalysisProvider provider() {
        return switch (type) {
            case PROMETHEUS -> new PrometheusProvider(this);
            case WEBHOOK -> new WebhookProvider(this);
        };
    }

    /** Never follows a redirect: the configured URL is the only address a provider calls. */
    java.net.http.HttpClient httpClient() {
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String toString() {
        // The URL may hold a secret (a webhook's path often does), the token is one.
        return type + " provider '" + name + "'";
    }
}
