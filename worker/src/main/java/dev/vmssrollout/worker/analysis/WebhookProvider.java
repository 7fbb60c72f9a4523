package dev.vmssrollout.worker.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * POSTs the wave's context as JSON to the configured URL and takes the reply as the verdict:
 * {@code {"verdict": "PASS"|"FAIL"|"INCONCLUSIVE", "value": 0.02, "detail": "...", "instanceValues": {...}}}.
 * Anything else (no answer in time, a status other than 200, a redirect, a body that is not such an object, an
 * unknown verdict) is INCONCLUSIVE, never PASS. The same measurement always carries the same
 * {@code Idempotency-Key}, for the rare repeat after a worker crash.
 */
public final class WebhookProvider implements VerdictProvider {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** A verdict fits in far less; a larger reply is not one. */
    static final int MAX_REPLY_BYTES = 64 * 1024;
    private static final int MAX_DETAIL = 500;
    private static final Set<String> VERDICTS = Set.of("PASS", "FAIL", "INCONCLUSIVE");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderSettings settings;
    private final HttpClient http;

    public WebhookProvider(ProviderSettings settings) {
        this.settings = settings;
        this.http = settings.httpClient();
    }

    @Override
    public Answer judge(AnalysisCheck check, Wave wave) {
        String body = request(check, wave);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(IDEMPOTENCY_KEY, wave.rolloutId() + "/" + wave.waveIndex() + "/" + wave.analysisStartedAt()
                        + "/" + wave.sample() + "/" + check.name())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (settings.bearerToken() != null) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        JsonNode reply;
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_REPLY_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new MetricsProvider.ProviderException(body, "webhook " + settings.name() + " answered "
                        + response.statusCode(), null);
            }
            if (bytes.length > MAX_REPLY_BYTES) {
                throw new MetricsProvider.ProviderException(body, "webhook " + settings.name() + " answered more than "
                        + MAX_REPLY_BYTES / 1024 + " KiB", null);
            }
            reply = JSON.readTree(bytes);
        } catch (MetricsProvider.ProviderException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MetricsProvider.ProviderException(body, "webhook " + settings.name() + " answered a body that is"
                    + " not JSON", e);
        } catch (IOException e) {
            // Refused, reset, timed out: unknown, never a PASS. The URL is not repeated: it may hold a secret.
            throw new MetricsProvider.ProviderException(body, "webhook " + settings.name() + " could not be asked: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Not a measurement: the worker is stopping, the activity is retried elsewhere.
            throw new IllegalStateException("interrupted while asking webhook " + settings.name(), e);
        }
        return answer(body, reply);
    }

    private Answer answer(String body, JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            throw notAVerdict(body, "a JSON object");
        }
        JsonNode verdict = reply.path("verdict");
        if (!verdict.isTextual() || !VERDICTS.contains(verdict.asText())) {
            throw notAVerdict(body, "\"verdict\": PASS, FAIL or INCONCLUSIVE");
        }
        JsonNode value = reply.path("value");
        if (!value.isMissingNode() && !value.isNull() && !value.isNumber()) {
            throw notAVerdict(body, "\"value\" a number (or absent)");
        }
        JsonNode detail = reply.path("detail");
        if (!detail.isMissingNode() && !detail.isNull() && !detail.isTextual()) {
            throw notAVerdict(body, "\"detail\" a string (or absent)");
        }
        Map<String, Double> instanceValues = new LinkedHashMap<>();
        JsonNode perVm = reply.path("instanceValues");
        if (!perVm.isMissingNode() && !perVm.isNull()) {
            if (!perVm.isObject()) {
                throw notAVerdict(body, "\"instanceValues\" an object of numbers (or absent)");
            }
            for (Map.Entry<String, JsonNode> vm : (Iterable<Map.Entry<String, JsonNode>>) perVm::fields) {
                if (!vm.getValue().isNumber() && !vm.getValue().isNull()) {
                    throw notAVerdict(body, "\"instanceValues\" an object of numbers (or absent)");
                }
                instanceValues.put(vm.getKey(), vm.getValue().isNull() ? null : vm.getValue().asDouble());
            }
        }
        String words = detail.isTextual() ? detail.asText() : null;
        if (words != null && words.length() > MAX_DETAIL) {
            words = words.substring(0, MAX_DETAIL) + "...";
        }
        return new Answer(body, Verdict.valueOf(verdict.asText()), value.isNumber() ? value.asDouble() : null,
                instanceValues, words);
    }

    private MetricsProvider.ProviderException notAVerdict(String body, String expected) {
        return new MetricsProvider.ProviderException(body, "webhook " + settings.name() + " answered no verdict: expected "
                + expected, null);
    }

    /** The wave's context, as the webhook receives it. */
    static String request(AnalysisCheck check, Wave wave) {
        ObjectNode json = JSON.createObjectNode();
        json.put("rolloutId", wave.rolloutId());
        json.put("wave", wave.waveIndex() + 1);
        json.put("sample", wave.sample());
        json.put("analysisStartedAt", wave.analysisStartedAt().toString());
        ObjectNode asked = json.putObject("check");
        asked.put("name", check.name());
        asked.put("metric", check.metric());
        asked.put("query", check.query());
        asked.put("aggregation", check.aggregation());
        asked.put("condition", check.condition());
        ObjectNode scaleSet = json.putObject("scaleSet");
        scaleSet.put("subscriptionId", wave.target().subscriptionId());
        scaleSet.put("resourceGroup", wave.target().resourceGroup());
        scaleSet.put("name", wave.target().name());
        scaleSet.put("id", wave.target().resourceId());
        wave.vms().forEach(json.putArray("instances")::add);
        wave.baselineVms().forEach(json.putArray("baselineInstances")::add);
        json.put("from", wave.from().toString());
        json.put("to", wave.to().toString());
        return json.toString();
    }
}
