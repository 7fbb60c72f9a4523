package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.workflows.TemporalConnection;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the local stack in the middle of a rollout and starting it again on the same data: PostgreSQL keeps
 * the rollout, the simulator keeps the scale set. On the Java test server (in memory) the reconciler restarts the
 * workflow Temporal forgot, after the last completed wave; on the real dev server the workflow itself carries on from
 * its SQLite file, and when that file is lost the reconciler recovers as on the test server. No instance is upgraded
 * twice. The real-server tests are skipped without the Temporal CLI, and fail in CI.
 */
class RestartTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String ROLLOUT = """
            {"target": {"subscriptionId": "%s", "resourceGroup": "%s", "scaleSet": "%s"},
             "image": {"version": "%s"}}""".formatted(DemoScaleSet.SUBSCRIPTION, DemoScaleSet.RESOURCE_GROUP,
            DemoScaleSet.NAME, DemoScaleSet.NEXT_VERSION);

    @TempDir
    Path data;

    private LocalStack stack;
    private LocalOptions sameData;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRolloutStoppedMidWaveCarriesOnAfterARestart() {
        String id = startAndStopMidWave(LocalOptions.TemporalChoice.TEST_SERVER);
        stack = LocalStack.start(sameData);

        assertThat(stack.demoScaleSetCreated()).as("the simulator kept the demo scale set").isFalse();
        JsonNode done = awaitSucceededWithEveryInstanceUpgradedOnce(id);
        assertThat(done.path("events").findValuesAsText("type")).contains("RECOVERED");
    }

    @Test
    void onTheRealTemporalServerTheWorkflowItselfCarriesOnFromItsKeptDatabase() {
        TestTemporal.assumeReal(TestTemporal.cliInstalled());
        String id = startAndStopMidWave(LocalOptions.TemporalChoice.CLI);
        assertThat(data.resolve("temporal/temporal.db")).exists();
        stack = LocalStack.start(sameData);

        JsonNode done = awaitSucceededWithEveryInstanceUpgradedOnce(id);
        assertThat(done.path("events").findValuesAsText("type")).as("nothing to recover: Temporal kept the workflow")
                .doesNotContain("RECOVERED");

        // What a Temporal user gets: the banner names the UI, the rollout links to its workflow there, and
        // visibility finds it by its search attributes, kept current up to its end.
        String ui = stack.temporalUiUrl().orElseThrow();
        assertThat(StartupBanner.text(stack, Duration.ZERO)).contains("Temporal UI " + ui + " ");
        assertThat(done.path("links").path("temporalUi").asText())
                .isEqualTo(ui + "/namespaces/default/workflows/rollout-" + id);
        WorkflowClient client = TemporalConnection.local(stack.temporalTarget()).connect();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.listExecutions("RolloutId = '" + id
                    + "' AND ScaleSet = 'demo-rg/web' AND RolloutState = 'SUCCEEDED'").count() == 1);
        } finally {
            client.getWorkflowServiceStubs().shutdownNow();
        }
    }

    @Test
    void whenTheRealTemporalServerLostItsDatabaseTheReconcilerRecoversTheRollout() throws Exception {
        TestTemporal.assumeReal(TestTemporal.cliInstalled());
        String id = startAndStopMidWave(LocalOptions.TemporalChoice.CLI);
        try (var files = Files.walk(data.resolve("temporal"))) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        stack = LocalStack.start(sameData);

        JsonNode done = awaitSucceededWithEveryInstanceUpgradedOnce(id);
        assertThat(done.path("events").findValuesAsText("type")).contains("RECOVERED");
    }

    /** Starts the stack, submits a rollout of the demo scale set and stops the stack with wave 1 in progress. */
    private String startAndStopMidWave(LocalOptions.TemporalChoice temporal) {
        LocalOptions options = LocalOptions.defaults().withDataDir(data).withPorts(0, 0, 0, 0)
                .withDemoTimings(2000, 500, Duration.ofMillis(100)).withTemporal(temporal);
        stack = LocalStack.start(options);
        assertThat(stack.demoScaleSetCreated()).isTrue();
        HttpResponse<String> submitted = new RolloutApi(stack.apiUrl()).send("POST", "/api/v1/rollouts", "alice", ROLLOUT);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = RolloutApi.json(submitted.body()).path("id").asText();
        // Mid-wave: manualupgrade sent (UPGRADING) or instances upgrading and booting (VERIFYING).
        new RolloutApi(stack.apiUrl()).awaitRollout(id, DEADLINE, "wave 1 in progress",
                r -> r.path("waves").size() == 5 && RolloutApi.inProgress(r.path("waves").get(1)));

        sameData = stack.options(); // the same data directory and, as a person would, the same ports
        stack.close();
        return id;
    }

    private JsonNode awaitSucceededWithEveryInstanceUpgradedOnce(String id) {
        JsonNode done = new RolloutApi(stack.apiUrl()).awaitRollout(id, DEADLINE, "the rollout succeeds",
                r -> r.path("state").asText().equals("SUCCEEDED"));
        assertThat(done.path("waves")).allSatisfy(wave -> assertThat(wave.path("state").asText()).isEqualTo("SUCCEEDED"));
        ScaleSetReport report = stack.simulator().report(DemoScaleSet.KEY);
        assertThat(report.upgradeCounts()).hasSize(20)
                .allSatisfy((instance, count) -> assertThat(count).as("upgrades of instance %s", instance).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(16);
        return done;
    }
}
