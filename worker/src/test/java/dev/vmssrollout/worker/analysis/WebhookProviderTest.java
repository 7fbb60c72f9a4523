package dev.vmssrollout.worker.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook provider against a local HTTP server: the request it posts, and replies good and bad. */
class WebhookProviderTest {

    private static final ScaleSetRef WEB = new ScaleSetRef("00000000-0000-0000-0000-000000000000", "demo-rg", "web");
    private static final Instant TO = Instant.parse("2026-12-04T15:00:00Z");
    private static final AnalysisCheck SLO = new AnalysisCheck("slo", "canary-judge", "http_error_rate", null, "Average",
            "< 0.05");
    private static final VerdictProvider.Wave WAVE = new VerdictProvider.Wave("r-1", 0, TO.minusSeconds(120), 2, WEB,
            List.of("web_0", "web_5"), List.of("web_1"), TO.minusSeconds(60), TO);

    private final LocalHttpServer server = new LocalHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookProvider webhook(Duration timeout) {
        return new WebhookProvider(new ProviderSettings("canary-judge", ProviderSettings.ProviderType.WEBHOOK,
                server.url("/judge"), timeout, "s3cret", ProviderSettings.DEFAULT_VM_LABEL));
    }

    private void reply(int status, String body) {
        server.answer(request -> new LocalHttpServer.Reply(status, body));
    }

    @Test
    void postsTheWavesContextAndTakesTheReplyAsTheVerdict() throws Exception {
        reply(200, """
                {"verdict": "FAIL", "value": 0.31, "detail": "error budget burnt", "instanceValues": {"web_0": 0.3}}""");

        VerdictProvider.Answer answer = webhook(Duration.ofSeconds(5)).judge(SLO, WAVE);

        assertThat(answer.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(answer.value()).isEqualTo(0.31);
        assertThat(answer.detail()).isEqualTo("error budget burnt");
        assertThat(answer.instanceValues()).isEqualTo(Map.of("web_0", 0.3));
        LocalHttpServer.Received sent = server.received().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("r-1/0/2026-12-04T14:58:00Z/2/slo");
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertThat(body.path("wave").asInt()).as("numbered from 1, as people read it").isEqualTo(1);
        assertThat(body.path("sample").asInt()).isEqualTo(2);
        assertThat(body.path("check").path("condition").asText()).isEqualTo("< 0.05");
        assertThat(body.path("scaleSet").path("id").asText()).endsWith("/virtualMachineScaleSets/web");
        assertThat(body.path("instances").toString()).isEqualTo("[\"web_0\",\"web_5\"]");
        assertThat(body.path("baselineInstances").toString()).isEqualTo("[\"web_1\"]");
        assertThat(body.path("from").asText()).isEqualTo("2026-12-04T14:59:00Z");
        assertThat(answer.request()).isEqualTo(sent.body()).doesNotContain("s3cret");
    }

    @Test
    void timeoutsErrorsAndMalformedRepliesAreProviderErrorsNeverAVerdict() {
        WebhookProvider webhook = webhook(Duration.ofMillis(300));
        server.answer(request -> LocalHttpServer.NEVER);
        assertThatThrownBy(() -> webhook.judge(SLO, WAVE)).isInstanceOf(MetricsProvider.ProviderException.class)
                .hasMessageStartingWith("webhook canary-judge could not be asked: ");

        Map<String, String> malformed = Map.of(
                "[\"PASS\"]", "webhook canary-judge answered no verdict: expected a JSON object",
                "{\"verdict\": \"pass\"}", "webhook canary-judge answered no verdict: expected \"verdict\": PASS, FAIL or INCONCLUSIVE",
                "{\"value\": 0.01}", "webhook canary-judge answered no verdict: expected \"verdict\": PASS, FAIL or INCONCLUSIVE",
                "{\"verdict\": \"PASS\", \"value\": \"low\"}", "webhook canary-judge answered no verdict: expected \"value\" a number (or absent)",
                "{\"verdict\": \"PASS\", \"instanceValues\": {\"web_0\": \"ok\"}}",
                "webhook canary-judge answered no verdict: expected \"instanceValues\" an object of numbers (or absent)",
                "PASS", "webhook canary-judge answered a body that is not JSON");
        malformed.forEach((body, message) -> {
            reply(200, body);
            assertThatThrownBy(() -> webhook.judge(SLO, WAVE)).as(body)
                    .isInstanceOf(MetricsProvider.ProviderException.class).hasMessage(message);
        });

        reply(500, "{\"verdict\": \"PASS\"}");
        assertThatThrownBy(() -> webhook.judge(SLO, WAVE)).hasMessage("webhook canary-judge answered 500");
        reply(302, "");
        assertThatThrownBy(() -> webhook.judge(SLO, WAVE)).as("redirects are not followed")
                .hasMessage("webhook canary-judge answered 302");
        reply(200, "{\"verdict\": \"PASS\", \"detail\": \"" + "x".repeat(WebhookProvider.MAX_REPLY_BYTES) + "\"}");
        assertThatThrownBy(() -> webhook.judge(SLO, WAVE)).hasMessage("webhook canary-judge answered more than 64 KiB");

        WebhookProvider nobodyListens = new WebhookProvider(ProviderSettings.webhook("canary-judge",
                URI.create("http://127.0.0.1:1/judge"), Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nobodyListens.judge(SLO, WAVE)).isInstanceOf(MetricsProvider.ProviderException.class)
                .hasMessageStartingWith("webhook canary-judge could not be asked").hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void anHttpsProviderBehindAPrivateCaIsReachedOnlyWithThatCaConfigured() throws Exception {
        // The simulator serves HTTPS with a certificate of its own, signed by no CA the JDK trusts.
        try (Simulator https = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).build())) {
            URI url = https.baseUrl().resolve("/judge");
            WebhookProvider untrusted = new WebhookProvider(ProviderSettings.webhook("canary-judge", url,
                    Duration.ofSeconds(10)));
            Map<String, String> env = Map.of(AnalysisProviders.PROVIDERS, "canary-judge",
                    "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_TYPE", "WEBHOOK",
                    "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_URL", url.toString(),
                    "VMSS_ROLLOUT_ANALYSIS_CANARY_JUDGE_CA_CERT", https.certificatePem().toString());
            VerdictProvider trusted = (VerdictProvider) AnalysisProviders.fromEnv(env).get(0).provider();

            assertThatThrownBy(() -> untrusted.judge(SLO, WAVE)).isInstanceOf(MetricsProvider.ProviderException.class)
                    .hasMessageStartingWith("webhook canary-judge could not be asked");
            assertThatThrownBy(() -> trusted.judge(SLO, WAVE)).as("TLS passed: the simulator itself refused")
                    .isInstanceOf(MetricsProvider.ProviderException.class)
                    .hasMessageMatching("webhook canary-judge answered 4\\d\\d");
        }
        Path notPem = Files.writeString(Files.createTempFile("not-a-ca", ".pem"), "hello");
        assertThatThrownBy(() -> AnalysisProviders.fromEnv(Map.of(AnalysisProviders.PROVIDERS, "judge",
                "VMSS_ROLLOUT_ANALYSIS_JUDGE_TYPE", "WEBHOOK", "VMSS_ROLLOUT_ANALYSIS_JUDGE_URL", "https://judge.example",
                "VMSS_ROLLOUT_ANALYSIS_JUDGE_CA_CERT", notPem.toString())))
                .hasMessageStartingWith("VMSS_ROLLOUT_ANALYSIS_JUDGE_CA_CERT: ");
    }
}
