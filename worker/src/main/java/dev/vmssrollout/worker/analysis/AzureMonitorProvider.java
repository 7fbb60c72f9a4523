package dev.vmssrollout.worker.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.worker.azure.ComputeClients;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Azure Monitor's metrics REST API for the scale set's VMs, over the worker's ARM pipeline (same endpoint, credential,
 * trust, retry and pacing as its Compute calls): one request per check and sample, split by the {@code VMName}
 * dimension for exactly the VMs asked about, {@code interval=FULL} for one value per VM over the time range.
 */
public final class AzureMonitorProvider implements MetricsProvider {

    static final String API_VERSION = "2023-10-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPipeline pipeline;
    private final String endpoint;
    private final Duration timeout;

    public AzureMonitorProvider(ComputeClients azure, Duration timeout) {
        this.pipeline = azure.pipeline();
        this.endpoint = azure.resourceManagerEndpoint().replaceAll("/+$", "");
        this.timeout = timeout;
    }

    @Override
    public Reading read(AnalysisCheck check, ScaleSetRef target, List<String> vmNames, Instant from, Instant to) {
        if (check.metric() == null) {
            throw new ProviderException(check.query(), "an Azure Monitor provider reads a metric: give metric, not query",
                    null);
        }
        String query = target.resourceId() + "/providers/Microsoft.Insights/metrics?api-version=" + API_VERSION
                + "&metricnames=" + encode(check.metric()) + "&aggregation=" + check.aggregation()
                + "&timespan=" + from + "/" + to + "&interval=FULL&top=" + Math.max(1, vmNames.size())
                + "&$filter=" + encode(vmNames.stream().map(vm -> "VMName eq '" + vm + "'")
                .collect(Collectors.joining(" or ")));
        JsonNode answer;
        try (HttpResponse response = pipeline.send(new HttpRequest(HttpMethod.GET, endpoint + query)).block(timeout)) {
            if (response == null) {
                throw new ProviderException(query, "no answer from Azure Monitor", null);
            }
            String body = response.getBodyAsString().block(timeout);
            if (response.getStatusCode() != 200) {
                throw new ProviderException(query, "Azure Monitor answered " + response.getStatusCode() + ": "
                        + errorMessage(body), null);
            }
            answer = JSON.readTree(body == null ? "" : body);
        } catch (ProviderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Timeouts, connection failures, a body that is not JSON: all mean "unknown".
            throw new ProviderException(query, "Azure Monitor could not be read: " + e.getMessage(), e);
        }
        return new Reading(query, values(answer, check, query));
    }

    private static Map<String, Double> values(JsonNode answer, AnalysisCheck check, String query) {
        JsonNode metric = answer.path("value").path(0);
        if (metric.isMissingNode()) {
            throw new ProviderException(query, "Azure Monitor answered without the metric " + check.metric(), null);
        }
        String errorCode = metric.path("errorCode").asText("Success");
        if (!"Success".equalsIgnoreCase(errorCode)) {
            throw new ProviderException(query, "Azure Monitor: " + errorCode + " " + metric.path("errorMessage").asText(""),
                    null);
        }
        String field = check.aggregation().toLowerCase(Locale.ROOT);
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode series : metric.path("timeseries")) {
            String vm = null;
            for (JsonNode dimension : series.path("metadatavalues")) {
                if ("VMName".equalsIgnoreCase(dimension.path("name").path("value").asText())) {
                    vm = dimension.path("value").asText();
                }
            }
            if (vm == null) {
                continue;
            }
            double sum = 0;
            int points = 0;
            for (JsonNode point : series.path("data")) {
                if (point.has(field)) {
                    sum += point.path(field).isNumber() ? point.path(field).asDouble() : Double.NaN;
                    points++;
                }
            }
            values.put(vm, points == 0 ? null : sum / points);
        }
        return values;
    }

    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
            return error.path("code").asText("") + " " + error.path("message").asText("");
        } catch (IOException e) {
            return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
