package dev.vmssrollout.simulator;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Wires the unmodified Azure SDK to a simulator: an AzureEnvironment whose ARM endpoints are the simulator, a static
 * bearer token, and an HTTP client that trusts the simulator's certificate and nothing else. Test-only and
 * deliberately minimal; the worker has its own production wiring.
 */
final class SdkClients {
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String TOKEN = "test-token";

    private SdkClients() {
    }

    static ComputeManager computeManager(Simulator simulator) {
        return computeManager(simulator, TOKEN);
    }

    static ComputeManager computeManager(Simulator simulator, String token) {
        String endpoint = simulator.baseUrl().toString();
        // The other endpoints (graph, login, ...) must exist for ComputeManager's sibling managers, never get called.
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", endpoint);
        endpoints.put("managementEndpointUrl", endpoint);
        AzureEnvironment environment = new AzureEnvironment(endpoints);
        // Fast retries keep fault-injection tests quick; Retry-After from the simulator still wins when present.
        RetryOptions retries = new RetryOptions(new ExponentialBackoffOptions()
            .setMaxRetries(6).setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(200)));
        return ComputeManager.configure()
            .withHttpClient(httpClient(simulator))
            .withRetryOptions(retries)
            .authenticate(staticToken(token), new AzureProfile("tenant", SUBSCRIPTION, environment));
    }

    static TokenCredential staticToken(String token) {
        return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }

    static HttpClient httpClient(Simulator simulator) {
        try {
            SslContext ssl = SslContextBuilder.forClient().trustManager(trustManagers(simulator)).build();
            return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(spec -> spec.sslContext(ssl))).build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JDK client for checks below the SDK (raw status codes and headers). */
    static java.net.http.HttpClient jdkClient(Simulator simulator) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(simulator).getTrustManagers(), null);
            return java.net.http.HttpClient.newBuilder().sslContext(context).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrustManagerFactory trustManagers(Simulator simulator) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(simulator.trustStore());
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
