package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.ScaleSetReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the local stack in the middle of a rollout and starting it again on the same data: PostgreSQL keeps
 * the rollout, the simulator keeps the scale set, and the reconciler restarts the workflow the in-memory Temporal
 * forgot, after the last completed wave. No instance is upgraded twice.
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

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRolloutStoppedMidWaveCarriesOnAfterARestart() {
        LocalOptions options = LocalOptions.defaults().withDataDir(data).withPorts(0, 0, 0, 0)
                .withDemoTimings(2000, 500, Duration.ofMillis(100));
        stack = LocalStack.start(options);
        assertThat(stack.demoScaleSetCreated()).isTrue();
        HttpResponse<String> submitted = new RolloutApi(stack.apiUrl()).send("POST", "/api/v1/rollouts", "alice", ROLLOUT);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = RolloutApi.json(submitted.body()).path("id").asText();
        // Mid-wave: manualupgrade sent (UPGRADING) or instances upgrading and booting (VERIFYING).
        new RolloutApi(stack.apiUrl()).awaitRollout(id, DEADLINE, "wave 1 in progress",
                r -> r.path("waves").size() == 5 && RolloutApi.inProgress(r.path("waves").get(1)));

        LocalOptions sameData = stack.options(); // the same data directory and, as a person would, the same ports
        stack.close();
        stack = LocalStack.start(sameData);

        assertThat(stack.demoScaleSetCreated()).as("the simulator kept the demo scale set").isFalse();
        JsonNode done = new RolloutApi(stack.apiUrl()).awaitRollout(id, DEADLINE, "the rollout succeeds",
                r -> r.path("state").asText().equals("SUCCEEDED"));
        assertThat(done.path("events").findValuesAsText("type")).contains("RECOVERED");
        assertThat(done.path("waves")).allSatisfy(wave -> assertThat(wave.path("state").asText()).isEqualTo("SUCCEEDED"));
        ScaleSetReport report = stack.simulator().report(DemoScaleSet.KEY);
        assertThat(report.upgradeCounts()).hasSize(20)
                .allSatisfy((instance, count) -> assertThat(count).as("upgrades of instance %s", instance).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(16);
    }
}
