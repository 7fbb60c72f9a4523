package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The Prometheus provider against a scripted HTTP server: what it sends, and what it makes of odd answers. */
class PrometheusProviderTest {

    private static final ScaleSetRef WEB = new ScaleSetRef("00000000-0000-0000-0000-000000000000", "demo-rg", "web");
    private static final Instant TO = Instant.parse("2026-12-04T15:00:00Z");
    private static final Instant FROM = TO.minusSeconds(60);
    private static final AnalysisCheck ERRORS = new AnalysisCheck("errors", "prometheus", null,
            "http_error_rate{vm=~\"{{instances}}\"}", "Maximum", "< 0.05");

    private final LocalHttpServer server = new LocalHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private PrometheusProvider provider(Duration timeout) {
        return new PrometheusProvider(ProviderSettings.prometheus("prometheus", server.url("/prom/"), timeout));
    }

    @Test
    void aRangeQueryCombinesEachVmsPointsByTheAggregationAndIgnoresVmsNotAskedAbout() {
        server.answer(request -> new LocalHttpServer.Reply(200, """
                {"status": "success", "data": {"resultType": "matrix", "result": [
                  {"metric": {"vm": "web_0"}, "values": [[1, "0.01"], [2, "0.04"], [3, "0.02"]]},
                  {"metric": {"vm": "web_1"}, "values": [[1, "0.01"]]},
                  {"metric": {"vm": "other_0"}, "values": [[1, "0.9"]]}]}}"""));

        MetricsProvider.Reading reading = provider(Duration.ofSeconds(5)).read(ERRORS, WEB, List.of("web_0", "web_1"),
                FROM, TO);

        assertThat(reading.values()).containsOnly(entry("web_0", 0.04), entry("web_1", 0.01));
        LocalHttpServer.Received sent = server.received().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/prom/api/v1/query_range");
        assertThat(URLDecoder.decode(sent.body(), StandardCharsets.UTF_8)).isEqualTo("query=http_error_rate{vm=~\"web_0|web_1\"}"
                + "&start=2026-12-04T14:59:00Z&end=2026-12-04T15:00:00Z&step=6s&timeout=5s");
        assertThat(reading.query()).isEqualTo("POST /api/v1/query_range query=http_error_rate{vm=~\"web_0|web_1\"}"
                + " start=2026-12-04T14:59:00Z end=2026-12-04T15:00:00Z step=6s");
    }

    @Test
    void aQueryOverTheRangeIsAnInstantQueryAtTheEndOfTheRange() {
        server.answer(request -> new LocalHttpServer.Reply(200, """
                {"status": "success", "data": {"resultType": "vector", "result": [
                  {"metric": {"vm": "web_0"}, "value": [1, "NaN"]}, {"metric": {"vm": "web_1"}, "value": [1, "+Inf"]}]}}"""));
        AnalysisCheck overRange = new AnalysisCheck("errors", "prometheus", null,
                "avg_over_time(http_error_rate{vm=~\"{{instances}}\"}[{{range}}])", "Average", "< 0.05");

        MetricsProvider.Reading reading = provider(Duration.ofSeconds(5)).read(overRange, WEB, List.of("web_0", "web_1"),
                FROM, TO);

        assertThat(reading.values().get("web_0")).isNaN();
        assertThat(reading.values().get("web_1")).isInfinite();
        assertThat(server.received().get(0).path()).isEqualTo("/prom/api/v1/query");
        assertThat(reading.query()).isEqualTo("POST /api/v1/query query=avg_over_time(http_error_rate{vm=~\"web_0|web_1\"}"
                + "[60s]) time=2026-12-04T15:00:00Z");
    }

    @Test
    void aProviderThatIsDownSlowOrAnswersNonsenseIsAProviderError() {
        PrometheusProvider slow = provider(Duration.ofMillis(300));
        server.answer(request -> LocalHttpServer.NEVER);
        assertThatThrownBy(() -> slow.read(ERRORS, WEB, List.of("web_0"), FROM, TO))
                .isInstanceOf(MetricsProvider.ProviderException.class).hasMessageContaining("Prometheus could not be read");

        server.answer(request -> new LocalHttpServer.Reply(503, "<html>upstream down</html>"));
        assertThatThrownBy(() -> slow.read(ERRORS, WEB, List.of("web_0"), FROM, TO))
                .isInstanceOf(MetricsProvider.ProviderException.class)
                .hasMessage("Prometheus answered 503 with a body that is not JSON");

        server.answer(request -> new LocalHttpServer.Reply(422, """
                {"status": "error", "errorType": "execution", "error": "query timed out"}"""));
        assertThatThrownBy(() -> slow.read(ERRORS, WEB, List.of("web_0"), FROM, TO))
                .hasMessage("Prometheus answered 422: execution query timed out");

        server.answer(request -> new LocalHttpServer.Reply(200, """
                {"status": "success", "data": {"resultType": "matrix", "result": [
                  {"metric": {"vm": "web_0", "image": "a"}, "values": [[1, "0.01"]]},
                  {"metric": {"vm": "web_0", "image": "b"}, "values": [[1, "0.3"]]}]}}"""));
        assertThatThrownBy(() -> slow.read(ERRORS, WEB, List.of("web_0"), FROM, TO))
                .hasMessage("more than one series for vm=web_0: aggregate them, e.g. avg by (vm) (...)");

        server.answer(request -> new LocalHttpServer.Reply(200, """
                {"status": "success", "data": {"resultType": "scalar", "result": [1, "0.5"]}}"""));
        assertThatThrownBy(() -> slow.read(ERRORS, WEB, List.of("web_0"), FROM, TO))
                .hasMessage("Prometheus answered a scalar, not a series per VM (label vm)");

        PrometheusProvider nobodyListens = new PrometheusProvider(ProviderSettings.prometheus("prometheus",
                URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nobodyListens.read(ERRORS, WEB, List.of("web_0"), FROM, TO))
                .isInstanceOf(MetricsProvider.ProviderException.class).hasMessageStartingWith("Prometheus could not be read: ");
    }

    @Test
    void aMetricInsteadOfAQueryIsAProviderError() {
        assertThatThrownBy(() -> provider(Duration.ofSeconds(1)).read(new AnalysisCheck("errors", "prometheus",
                "http_error_rate", null, "Average", "< 1"), WEB, List.of("web_0"), FROM, TO))
                .hasMessage("a Prometheus provider runs a PromQL query: give query, not metric");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void instancesExpandToARegexThatMatchesExactlyTheVmsAskedAbout() {
        String inPromQl = PromQlTemplate.instancesRegex(List.of("web.a_1", "web.a_10", "we\"b_2"));
        // The PromQL string literal unescaped once, as Prometheus reads it, is the regular expression.
        String regex = inPromQl.replace("\\\\", "\u0000").replace("\\\"", "\"").replace("\u0000", "\\");
        Pattern anchored = Pattern.compile(regex);

        assertThat(inPromQl).isEqualTo("web\\\\.a_1|web\\\\.a_10|we\\\\\\\"b_2");
        assertThat(anchored.matcher("web.a_1").matches()).isTrue();
        assertThat(anchored.matcher("web.a_10").matches()).isTrue();
        assertThat(anchored.matcher("we\"b_2").matches()).isTrue();
        assertThat(anchored.matcher("webXa_1").matches()).as("a dot is a dot").isFalse();
        assertThat(anchored.matcher("web.a_100").matches()).isFalse();
    }

    @Test
    void noVmAtAllAsksNothing() {
        assertThat(provider(Duration.ofSeconds(1)).read(ERRORS, WEB, List.of(), FROM, TO).values()).isEmpty();
        assertThat(server.received()).isEmpty();
    }
}
