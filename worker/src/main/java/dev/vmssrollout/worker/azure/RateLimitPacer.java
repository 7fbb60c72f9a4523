package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slows down before Azure throttles. Compute counts each policy (GetVMScaleSet, HighCostGetVMScaleSet, GetOperation,
 * VMScaleSetBatchedVMRequests, UpdateVMScaleSet) per subscription and region, in a 3- or 5-minute and a 30-minute
 * window, and says what is left of the policies a request spent in {@code x-ms-ratelimit-remaining-resource}
 * ("Microsoft.Compute/HighCostGetVMScaleSet3Min;107,Microsoft.Compute/HighCostGetVMScaleSet30Min;827"). When the
 * policy a request is about to spend runs low, the request waits so the budget refills instead of running dry and
 * costing a long Retry-After. The count is Compute's, so every rollout and every worker reading the same
 * subscription is seen in it; requests of one subscription share it (regions are not told apart: that only paces
 * earlier than needed).
 */
final class RateLimitPacer implements HttpPipelinePolicy {

    static final HttpHeaderName REMAINING = HttpHeaderName.fromString("x-ms-ratelimit-remaining-resource");
    static final int LOW_WATERMARK = 10;
    static final String HIGH_COST_READS = "HighCostGetVMScaleSet";
    private static final Duration PACE_AT_ZERO = Duration.ofSeconds(2);
    private static final Pattern POLICY_WINDOW = Pattern.compile("^(?:.*/)?(.+?)\\d+Min$");
    private static final Pattern SUBSCRIPTION = Pattern.compile("/subscriptions/([^/?]+)", Pattern.CASE_INSENSITIVE);

    private final Map<String, Long> remainingByPolicy = new ConcurrentHashMap<>();

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        String subscription = subscriptionOf(request.getUrl().getPath());
        Duration pause = pause(subscription, policyOf(request.getHttpMethod(), request.getUrl().getPath(),
                request.getUrl().getQuery()));
        Mono<HttpResponse> call = next.process().doOnNext(response -> observe(subscription, response));
        return pause.isZero() ? call : Mono.delay(pause).then(call);
    }

    /** How long to wait before spending {@code policy}: nothing while it is healthy, up to 2 s as it runs out. */
    Duration pause(String subscription, String policy) {
        long remaining = remainingByPolicy.getOrDefault(key(subscription, policy), Long.MAX_VALUE);
        if (remaining >= LOW_WATERMARK) {
            return Duration.ZERO;
        }
        long scarcity = LOW_WATERMARK - Math.max(remaining, 0);
        return PACE_AT_ZERO.multipliedBy(scarcity).dividedBy(LOW_WATERMARK);
    }

    void observe(String subscription, HttpResponse response) {
        remainingByPolicy(response.getHeaderValue(REMAINING))
                .forEach((policy, remaining) -> remainingByPolicy.put(key(subscription, policy), remaining));
    }

    /** The fewest calls Compute last said were left in either window of {@code policy} in this subscription. */
    OptionalLong remaining(String subscription, String policy) {
        Long remaining = remainingByPolicy.get(key(subscription, policy));
        return remaining == null ? OptionalLong.empty() : OptionalLong.of(remaining);
    }

    /** Each policy of the header with the smaller count of its windows. */
    static Map<String, Long> remainingByPolicy(String header) {
        Map<String, Long> policies = new HashMap<>();
        if (header == null || header.isBlank()) {
            return policies;
        }
        for (String budget : header.split(",")) {
            int separator = budget.lastIndexOf(';');
            if (separator < 0) {
                continue;
            }
            Matcher window = POLICY_WINDOW.matcher(budget.substring(0, separator).trim());
            String policy = window.matches() ? window.group(1) : budget.substring(0, separator).trim();
            try {
                long value = Long.parseLong(budget.substring(separator + 1).trim());
                policies.merge(policy, value, Math::min);
            } catch (NumberFormatException ignored) {
                // an unknown budget format is no reason to fail a request
            }
        }
        return policies;
    }

    /** The Compute policy a request spends, as Compute's throttling documentation groups the scale set APIs. */
    static String policyOf(HttpMethod method, String path, String query) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("/operations/")) {
            return "GetOperation";
        }
        if (method == HttpMethod.GET) {
            boolean vmList = lower.endsWith("/virtualmachines") || lower.endsWith("/virtualmachines/");
            boolean withViews = query != null && query.toLowerCase(Locale.ROOT).contains("instanceview");
            return vmList && withViews ? HIGH_COST_READS : "GetVMScaleSet";
        }
        if (method == HttpMethod.POST && (lower.endsWith("/manualupgrade") || lower.endsWith("/reimage")
                || lower.endsWith("/reimageall") || lower.endsWith("/restart") || lower.endsWith("/deallocate"))) {
            return "VMScaleSetBatchedVMRequests";
        }
        return "UpdateVMScaleSet";
    }

    /** "/subscriptions/S1/resourceGroups/..." -> "s1"; "" outside a subscription. */
    static String subscriptionOf(String path) {
        Matcher matcher = SUBSCRIPTION.matcher(path);
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : "";
    }

    private static String key(String subscription, String policy) {
        return subscription.toLowerCase(Locale.ROOT) + " " + policy;
    }
}
