package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down before Azure throttles. Compute reports what is left of each budget in
 * {@code x-ms-ratelimit-remaining-resource} ("Microsoft.Compute/HighCostGetVMScaleSet3Min;107,...");
 * when the smallest budget runs low, following requests are spaced out so the budget refills
 * instead of running dry and costing a long Retry-After. Budgets are per scale set, so is the pace.
 */
final class RateLimitPacer implements HttpPipelinePolicy {

    static final HttpHeaderName REMAINING = HttpHeaderName.fromString("x-ms-ratelimit-remaining-resource");
    static final int LOW_WATERMARK = 10;
    private static final Duration PACE_AT_ZERO = Duration.ofSeconds(2);

    private final Map<String, Long> remainingByScaleSet = new ConcurrentHashMap<>();

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        String scaleSet = scaleSetOf(context.getHttpRequest().getUrl().getPath());
        Duration pause = pause(scaleSet);
        Mono<HttpResponse> call = next.process().doOnNext(response -> observe(scaleSet, response));
        return pause.isZero() ? call : Mono.delay(pause).then(call);
    }

    /** How long to wait before the next request: nothing while budgets are healthy, up to 2 s as they run out. */
    Duration pause(String scaleSet) {
        long remaining = remainingByScaleSet.getOrDefault(scaleSet, Long.MAX_VALUE);
        if (remaining >= LOW_WATERMARK) {
            return Duration.ZERO;
        }
        long scarcity = LOW_WATERMARK - Math.max(remaining, 0);
        return PACE_AT_ZERO.multipliedBy(scarcity).dividedBy(LOW_WATERMARK);
    }

    void observe(String scaleSet, HttpResponse response) {
        Long remaining = smallestBudget(response.getHeaderValue(REMAINING));
        if (remaining != null) {
            remainingByScaleSet.put(scaleSet, remaining);
        }
    }

    /** The fewest calls Compute last said were left in any budget of this scale set, if it said. */
    OptionalLong remaining(String scaleSet) {
        Long remaining = remainingByScaleSet.get(scaleSet);
        return remaining == null ? OptionalLong.empty() : OptionalLong.of(remaining);
    }

    /** The key {@link #scaleSetOf} gives the requests of this scale set. */
    static String keyOf(String subscriptionId, String resourceGroup, String name) {
        return scaleSetOf("/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + name + "/");
    }

    /** "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/..." -> ".../web". */
    static String scaleSetOf(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("/virtualmachinescalesets/");
        if (at < 0) {
            return "";
        }
        int nameStart = at + "/virtualmachinescalesets/".length();
        int nameEnd = lower.indexOf('/', nameStart);
        return nameEnd < 0 ? lower : lower.substring(0, nameEnd);
    }

    static Long smallestBudget(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Long smallest = null;
        for (String budget : header.split(",")) {
            int separator = budget.lastIndexOf(';');
            if (separator < 0) {
                continue;
            }
            try {
                long value = Long.parseLong(budget.substring(separator + 1).trim());
                smallest = smallest == null ? value : Math.min(smallest, value);
            } catch (NumberFormatException ignored) {
                // an unknown budget format is no reason to fail a request
            }
        }
        return smallest;
    }
}
