package dev.vmssrollout.worker.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Configuration;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import dev.vmssrollout.model.ScaleSetRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** One Compute client per subscription, built once with our retry, pacing and trust settings. */
public final class ComputeClients {

    private static final int MAX_HTTP_RETRIES = 4;

    private final AzureSettings settings;
    private final AzureEnvironment environment;
    private final HttpPipeline pipeline;
    private final RateLimitPacer pacer;
    private final Map<String, ComputeManagementClient> bySubscription = new ConcurrentHashMap<>();

    /** Counts ARM requests in Micrometer's global registry (which a Spring Boot app in the same JVM exports). */
    public ComputeClients(AzureSettings settings) {
        this(settings, Metrics.globalRegistry);
    }

    public ComputeClients(AzureSettings settings, MeterRegistry meters) {
        this(settings, meters, Configuration.getGlobalConfiguration());
    }

    /**
     * @param identity where DefaultAzureCredential reads its {@code AZURE_*} settings (tenant, client id and secret,
     *                 authority host): the process environment in production, a given set in tests
     */
    public ComputeClients(AzureSettings settings, MeterRegistry meters, Configuration identity) {
        this.settings = settings;
        this.environment = environment(settings);
        List<HttpPipelinePolicy> policies = new ArrayList<>(List.of(new UserAgentPolicy("vmss-rollout"),
                new RequestIdPolicy(),
                CappedRetryStrategy.policy(MAX_HTTP_RETRIES, settings.maxRetryAfter())));
        pacer = settings.paceBeforeThrottling() ? new RateLimitPacer() : null;
        if (pacer != null) {
            policies.add(pacer);
        }
        policies.add(new BearerTokenAuthenticationPolicy(credential(settings, identity),
                environment.getManagementEndpoint() + "/.default"));
        // Last, next to the wire: after the retry policy it sees every attempt, after pacing it times only ARM.
        policies.add(new ArmRequestMetrics(meters));
        this.pipeline = new HttpPipelineBuilder()
                .httpClient(httpClient(settings))
                .policies(policies.toArray(HttpPipelinePolicy[]::new))
                .build();
    }

    public ComputeManagementClient forSubscription(String subscriptionId) {
        return bySubscription.computeIfAbsent(subscriptionId, id ->
                ComputeManager.authenticate(pipeline, new AzureProfile(null, id, environment)).serviceClient());
    }

    public AzureSettings settings() {
        return settings;
    }

    /** The ARM pipeline (credential, trust, retries, pacing, metrics), for REST calls no SDK client makes here. */
    public HttpPipeline pipeline() {
        return pipeline;
    }

    /** Where ARM is: Azure's, or the simulator's. */
    public String resourceManagerEndpoint() {
        return environment.getResourceManagerEndpoint();
    }

    /**
     * The fewest high-cost reads (VM lists with instance views) Compute last said were left in the subscription of
     * this scale set, in either window (known only while pacing).
     */
    OptionalLong remainingHighCostReads(ScaleSetRef scaleSet) {
        return pacer == null ? OptionalLong.empty()
                : pacer.remaining(scaleSet.subscriptionId(), RateLimitPacer.HIGH_COST_READS);
    }

    /**
     * One cheap ARM read, for health checks: the Compute provider at tenant scope (not a high-cost
     * read, and no subscription needed). Any answer, 401 and 404 included, proves ARM reachable.
     *
     * @return the HTTP status
     * @throws RuntimeException no answer within {@code timeout}, or none at all
     */
    public int probe(Duration timeout) {
        String endpoint = environment.getResourceManagerEndpoint().replaceAll("/+$", "");
        HttpRequest request = new HttpRequest(HttpMethod.GET, endpoint + "/providers/Microsoft.Compute?api-version=2021-04-01");
        try (HttpResponse response = pipeline.send(request).block(timeout)) {
            if (response == null) {
                throw new IllegalStateException("no response from " + endpoint);
            }
            return response.getStatusCode();
        }
    }

    private static AzureEnvironment environment(AzureSettings settings) {
        if (settings.endpoint() != null) {
            Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
            // Only where ARM is changes: tokens are still asked for Resource Manager's audience, which is what a
            // signed-in ARM (the simulator's included) checks.
            endpoints.put("resourceManagerEndpointUrl", settings.endpoint());
            return new AzureEnvironment(endpoints);
        }
        return switch (settings.cloud() == null ? "AzureCloud" : settings.cloud()) {
            case "AzureCloud" -> AzureEnvironment.AZURE;
            case "AzureUSGovernment" -> AzureEnvironment.AZURE_US_GOVERNMENT;
            case "AzureChinaCloud" -> AzureEnvironment.AZURE_CHINA;
            default -> throw new IllegalArgumentException("unknown Azure cloud '" + settings.cloud()
                    + "': use AzureCloud, AzureUSGovernment or AzureChinaCloud");
        };
    }

    private static TokenCredential credential(AzureSettings settings, Configuration identity) {
        if (settings.staticToken() != null) {
            String token = settings.staticToken();
            return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        }
        DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder().configuration(identity);
        if (settings.endpoint() != null) {
            // An ARM-compatible endpoint (the simulator, Azure Stack) signs in at its own authority
            // (AZURE_AUTHORITY_HOST), which login.microsoftonline.com's instance discovery does not know.
            credential.disableInstanceDiscovery();
        }
        if (settings.trustedCertificate() != null) {
            credential.httpClient(httpClient(settings)); // the simulator's authority has the simulator's certificate
        }
        return SignInRefused.refusalsNotRetried(credential.build());
    }

    private static HttpClient httpClient(AzureSettings settings) {
        if (settings.trustedCertificate() == null) {
            return new NettyAsyncHttpClientBuilder().build();
        }
        try {
            // Trust exactly the configured certificate (the simulator's); TLS checks stay on.
            SslContext trustOnlyThis = SslContextBuilder.forClient()
                    .trustManager(settings.trustedCertificate().toFile()).build();
            return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                    .secure(spec -> spec.sslContext(trustOnlyThis))).build();
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot read the certificate to trust at " + settings.trustedCertificate(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the certificate to trust at " + settings.trustedCertificate()
                    + ": " + e.getMessage(), e);
        }
    }
}
