package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Times every ARM request attempt, tagged with its {@link ArmOperations operation} and status, and
 * counts throttles (429) and retries. It sits after the retry policy in the pipeline, so it sees
 * each attempt; the call context, shared by the attempts of one call, tells a retry from a first try.
 */
public final class ArmRequestMetrics implements HttpPipelinePolicy {

    /** Beyond this many distinct operations (a path shape we did not foresee), the rest count as "other". */
    static final int MAX_OPERATIONS = 64;
    private static final String ATTEMPTS = "vmss-rollout.arm-attempts";

    private final MeterRegistry registry;
    private final Set<String> operations = ConcurrentHashMap.newKeySet();

    public ArmRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        String operation = bounded(ArmOperations.of(request.getHttpMethod().name(), request.getUrl().getPath()));
        int attempt = (int) context.getData(ATTEMPTS).orElse(0) + 1;
        context.setData(ATTEMPTS, attempt);
        if (attempt > 1) {
            Counter.builder("vmss.rollout.arm.retries")
                    .description("ARM requests sent again by the HTTP retry policy (after a 429, a 5xx or an I/O error)")
                    .tag("operation", operation).register(registry).increment();
        }
        long start = System.nanoTime();
        AtomicReference<String> status = new AtomicReference<>("CANCELLED");
        return next.process()
                .doOnNext(response -> status.set(String.valueOf(response.getStatusCode())))
                .doOnError(error -> status.set("IO_ERROR"))
                .doFinally(signal -> record(operation, status.get(), Duration.ofNanos(System.nanoTime() - start)));
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private void record(String operation, String status, Duration took) {
        Timer.builder("vmss.rollout.arm.requests")
                .description("ARM request attempts, by operation and HTTP status (IO_ERROR: no response)")
                .tag("operation", operation).tag("status", status)
                .register(registry).record(took);
        if ("429".equals(status)) {
            Counter.builder("vmss.rollout.arm.throttled")
                    .description("ARM requests answered 429 Too Many Requests")
                    .tag("operation", operation).register(registry).increment();
        }
    }

    private String bounded(String operation) {
        if (operations.contains(operation)) {
            return operation;
        }
        if (operations.size() >= MAX_OPERATIONS) {
            return "other";
        }
        operations.add(operation);
        return operation;
    }
}
