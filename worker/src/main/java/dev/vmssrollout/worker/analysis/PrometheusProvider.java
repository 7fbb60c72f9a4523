package dev.vmssrollout.worker.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.AnalysisCheck;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PromQL over Prometheus' HTTP API. A query that names {@code {{range}}} reads over the range itself
 * ({@code avg_over_time(x[{{range}}])}) and is asked as an instant query at the end of the range; any other query is
 * asked as a range query over the range, and each VM's points are combined by the check's aggregation. Every series
 * returned must carry the VM's name in {@link ProviderSettings#vmLabel()} (default {@code vm}), one series per VM.
 */
public final class PrometheusProvider implements MetricsProvider {

    /** Points per range query: enough to see a change within the range, few enough to stay cheap. */
    static final int POINTS_PER_RANGE = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderSettings settings;
    private final HttpClient http;

    public PrometheusProvider(ProviderSettings settings) {
        this.settings = settings;
        this.http = settings.httpClient();
    }

    @Override
    public Reading read(AnalysisCheck check, ScaleSetRef target, List<String> vmNames, Instant from, Instant to) {
        if (check.query() == null) {
            throw new ProviderException(check.metric(), "a Prometheus provider runs a PromQL query: give query, not metric",
                    null);
        }
        if (vmNames.isEmpty()) {
            return new Reading(check.query(), Map.of()); // an empty regex would match every series without the label
        }
        PromQlTemplate template = new PromQlTemplate(check.query());
        Duration range = Duration.between(from, to);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", template.expand(vmNames, range));
        String api;
        if (template.readsOverTheRange()) {
            api = "/api/v1/query";
            form.put("time", to.toString());
        } else {
            api = "/api/v1/query_range";
            form.put("start", from.toString());
            form.put("end", to.toString());
            form.put("step", Math.max(1, range.toSeconds() / POINTS_PER_RANGE) + "s");
        }
        // What the evidence shows: readable, not URL-encoded.
        String asked = "POST " + api + " " + form.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        form.put("timeout", Math.max(1, settings.timeout().toSeconds()) + "s");
        JsonNode answer = post(api, form, asked);
        return new Reading(asked, values(answer, check, Set.copyOf(vmNames), asked));
    }

    private JsonNode post(String api, Map<String, String> form, String asked) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url().toString().replaceAll("/+$", "") + api))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))));
        if (settings.bearerToken() != null) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Refused, reset, timed out: unknown, never a PASS.
            throw new ProviderException(asked, "Prometheus could not be read: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Not a measurement: the worker is stopping, the activity is retried elsewhere.
            throw new IllegalStateException("interrupted while asking Prometheus", e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ProviderException(asked, "Prometheus answered " + response.statusCode() + " with a body that is not"
                    + " JSON", e);
        }
        if (response.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
            throw new ProviderException(asked, "Prometheus answered " + response.statusCode() + ": "
                    + answer.path("errorType").asText("") + " " + answer.path("error").asText(""), null);
        }
        return answer.path("data");
    }

    private Map<String, Double> values(JsonNode data, AnalysisCheck check, Set<String> vmNames, String asked) {
        String type = data.path("resultType").asText();
        if (!type.equals("matrix") && !type.equals("vector")) {
            throw new ProviderException(asked, "Prometheus answered a " + type + ", not a series per VM (label "
                    + settings.vmLabel() + ")", null);
        }
        Map<String, Double> values = new HashMap<>();
        for (JsonNode series : data.path("result")) {
            JsonNode labels = series.path("metric");
            String vm = labels.path(settings.vmLabel()).asText(null);
            if (vm == null) {
                throw new ProviderException(asked, "a series without the label '" + settings.vmLabel() + "' ("
                        + labels + "): keep it in the result, e.g. avg by (" + settings.vmLabel() + ") (...)", null);
            }
            if (!vmNames.contains(vm)) {
                continue; // a VM this measurement did not ask about
            }
            if (values.containsKey(vm)) {
                throw new ProviderException(asked, "more than one series for " + settings.vmLabel() + "=" + vm
                        + ": aggregate them, e.g. avg by (" + settings.vmLabel() + ") (...)", null);
            }
            values.put(vm, type.equals("vector") ? number(series.path("value").path(1))
                    : combine(series.path("values"), check.aggregation()));
        }
        return values;
    }

    /** One VM's points over the range, combined as Azure Monitor would: NaN anywhere makes the VM's value NaN. */
    private static Double combine(JsonNode points, String aggregation) {
        List<Double> numbers = new ArrayList<>();
        points.forEach(point -> numbers.add(number(point.path(1))));
        if (numbers.isEmpty()) {
            return null;
        }
        return switch (aggregation) {
            case "Minimum" -> numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "Maximum" -> numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "Total" -> numbers.stream().mapToDouble(Double::doubleValue).sum();
            case "Count" -> (double) numbers.size();
            default -> numbers.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        };
    }

    /** Prometheus sends sample values as strings, with {@code NaN}, {@code +Inf} and {@code -Inf}. */
    private static double number(JsonNode value) {
        String text = value.asText("NaN");
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
