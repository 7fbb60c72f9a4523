package dev.vmssrollout.workflows;

import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where Temporal is and how to authenticate: nothing (a local dev server), an API key
 * (Temporal Cloud), or mTLS with a client certificate and key.
 */
public record TemporalConnection(String target, String namespace, String apiKey, Path tlsCertificate, Path tlsKey) {

    public static TemporalConnection local(String target) {
        return new TemporalConnection(target, "default", null, null, null);
    }

    public WorkflowClient connect() {
        return connect(null);
    }

    /** @param metrics where the SDK reports its client and worker metrics (slots, poll and schedule-to-start latency), or null */
    public WorkflowClient connect(Scope metrics) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(serviceOptions(metrics));
        return WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    }

    /** How the client will connect: TLS with an API key, mTLS with a client certificate, or plaintext. */
    public WorkflowServiceStubsOptions serviceOptions(Scope metrics) {
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("mTLS to Temporal needs both a client certificate and its key; only "
                    + (tlsCertificate != null ? "the certificate (" + tlsCertificate + ")" : "the key (" + tlsKey + ")")
                    + " is set");
        }
        WorkflowServiceStubsOptions.Builder stubs = WorkflowServiceStubsOptions.newBuilder().setTarget(target);
        if (metrics != null) {
            stubs.setMetricsScope(metrics);
        }
        if (apiKey != null && !apiKey.isBlank()) {
            stubs.setEnableHttps(true).addApiKey(() -> apiKey);
        } else if (tlsCertificate != null && tlsKey != null) {
            stubs.setSslContext(mtls());
        }
        return stubs.build();
    }

    private io.grpc.netty.shaded.io.netty.handler.ssl.SslContext mtls() {
        try (InputStream cert = new FileInputStream(tlsCertificate.toFile());
             InputStream key = new FileInputStream(tlsKey.toFile())) {
            return SimpleSslContextBuilder.forPKCS8(cert, key).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Temporal client certificate " + tlsCertificate
                    + " or key " + tlsKey, e);
        }
    }

    @Override
    public String toString() {
        // Never print the API key.
        return target + " namespace " + namespace + (apiKey != null ? " (API key)" : tlsCertificate != null ? " (mTLS)" : "");
    }
}
