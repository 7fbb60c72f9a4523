package dev.vmssrollout.worker.analysis;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
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
 * @param caCertificate PEM certificates of the CA to trust for an https URL instead of the JDK's (a private CA), or null
 */
public record ProviderSettings(String name, ProviderType type, URI url, Duration timeout, String bearerToken,
                               String vmLabel, Path caCertificate) {

    public static final String DEFAULT_VM_LABEL = "vm";

    public enum ProviderType {
        PROMETHEUS, WEBHOOK
    }

    public ProviderSettings(String name, ProviderType type, URI url, Duration timeout, String bearerToken,
                            String vmLabel) {
        this(name, type, url, timeout, bearerToken, vmLabel, null);
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

    /**
     * Never follows a redirect: the configured URL is the only address a provider calls. With a CA certificate it
     * trusts that CA alone; host names are still checked.
     */
    java.net.http.HttpClient httpClient() {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(java.net.http.HttpClient.Redirect.NEVER);
        if (caCertificate != null) {
            http.sslContext(trusting(caCertificate));
        }
        return http.build();
    }

    /** A TLS context that trusts the certificates of the PEM file and nothing else. */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalArgumentException(pem + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // The URL may hold a secret (a webhook's path often does), the token is one.
        return type + " provider '" + name + "'";
    }
}
