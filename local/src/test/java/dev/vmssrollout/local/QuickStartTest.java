package dev.vmssrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.ScaleSetReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README.md's quick start, done by a test exactly as a newcomer does it: the local stack, then the README's own
 * curl commands (read from README.md, so the test fails when the README drifts): submit as alice, approve as
 * bob twice (FIRST_WAVE: before wave 1 and before wave 2, indexes 0 and 1), watch until SUCCEEDED.
 */
class QuickStartTest {

    private static final String QUICK_START = "Quick start";
    private static final Duration ROLLOUT_DEADLINE = Duration.ofSeconds(90);

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
    void readmeCurlsTakeTheDemoScaleSetToSucceeded() throws Exception {
        Readme readme = Readme.load();
        Curl submit = readme.curl(QUICK_START, "submits a rollout",
                c -> c.method().equals("POST") && c.url().endsWith("/api/v1/rollouts"));
        Curl approve = readme.curl(QUICK_START, "approves", c -> c.url().endsWith("/approve"));
        Curl watch = readme.curl(QUICK_START, "shows the rollout",
                c -> c.method().equals("GET") && c.url().endsWith("/api/v1/rollouts/$ID"));
        assertThat(submit.user()).as("the rollout is submitted by").isEqualTo("alice");
        assertThat(approve.user()).as("four eyes: approved by someone else").isEqualTo("bob");

        stack = LocalStack.start(LocalOptions.defaults().withDataDir(data).withPorts(0, 0, 0, 0)
                .withDemoTimings(300, 200, Duration.ofMillis(100)));
        RolloutApi api = new RolloutApi(stack.apiUrl());

        HttpResponse<String> submitted = submit.send(stack.apiUrl(), Map.of());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String id = RolloutApi.json(submitted.body()).path("id").asText();
        assertThat(firstMatch("\"id\":\"([^\"]*)\"", submitted.body()))
                .as("README's grep picks the rollout id out of the answer").isEqualTo(id);
        Map<String, String> shell = Map.of("ID", id);

        api.awaitRollout(id, ROLLOUT_DEADLINE, "wave 1 (index 0) waits for approval", r -> r.path("waitingForApprovalWave").asInt(-1) == 0);
        HttpResponse<String> watched = watch.send(stack.apiUrl(), shell);
        assertThat(firstMatch("\"state\":\"([^\"]*)\"", watched.body()))
                .as("README's grep shows the rollout's own state").isEqualTo("WAITING_FOR_APPROVAL");

        assertThat(approve.send(stack.apiUrl(), shell).statusCode()).isEqualTo(202);
        api.awaitRollout(id, ROLLOUT_DEADLINE, "wave 2 (index 1) waits for approval", r -> r.path("waitingForApprovalWave").asInt(-1) == 1);
        assertThat(approve.send(stack.apiUrl(), shell).statusCode()).isEqualTo(202);

        JsonNode done = api.awaitRollout(id, ROLLOUT_DEADLINE, "the rollout succeeds",
                r -> r.path("state").asText().equals("SUCCEEDED"));
        assertThat(firstMatch("\"state\":\"([^\"]*)\"", watch.send(stack.apiUrl(), shell).body())).isEqualTo("SUCCEEDED");
        assertThat(done.path("waves")).hasSize(5);
        assertThat(done.path("approvals").findValuesAsText("approver")).containsExactly("bob", "bob");
        ScaleSetReport report = stack.simulator().report(DemoScaleSet.KEY);
        assertThat(report.upgradeCounts()).hasSize(20)
                .allSatisfy((instance, count) -> assertThat(count).as("upgrades of instance %s", instance).isEqualTo(1));
        assertThat(report.minInService()).as("one update domain at a time").isGreaterThanOrEqualTo(16);

        // The worker signed in at the simulator's Entra ID with its kept client secret: any other token is refused.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SimulatorSignIn.file(data))))
                .isEqualTo("rw-------");
        HttpResponse<String> staticToken = Https.trusting(stack.simulator().certificatePem()).send(HttpRequest.newBuilder(
                        stack.simulator().baseUrl().resolve("/subscriptions/" + DemoScaleSet.KEY.subscriptionId()
                                + "/resourceGroups/" + DemoScaleSet.KEY.resourceGroup()
                                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + DemoScaleSet.KEY.name()
                                + "?api-version=2025-04-01"))
                .header("Authorization", "Bearer simulator-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(staticToken.statusCode()).as(staticToken.body()).isEqualTo(401);

        // The worker's meters and the Temporal SDK's (reported every 10 s) on the API's Prometheus endpoint.
        await("the SDK's worker metrics on /actuator/prometheus").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> api.send("GET", "/actuator/prometheus", "alice", null).body(),
                        scrape -> scrape.contains("temporal_worker_task_slots_available")
                                && scrape.contains("vmss_rollout_arm_requests_seconds_count"));
    }

    private static String firstMatch(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
