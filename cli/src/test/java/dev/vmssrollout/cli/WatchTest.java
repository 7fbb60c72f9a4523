package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.api.Json;
import dev.vmssrollout.cli.render.Terminal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status --watch} and {@code submit --watch} against a stand-in API that serves one rollout
 * snapshot per poll. Polls are paced by the test's pacer, which does not wait.
 */
class WatchTest extends AgainstStubApi {

    private static final String PATH = "/api/v1/rollouts/99999999-0000-4000-8000-000000000009";
    private static final Pattern REDRAW = Pattern.compile("\u001B\\[(\\d+)F\u001B\\[J");
    private static final String WRAP_OFF = "\u001B[?7l";
    private static final String WRAP_ON = "\u001B[?7h";

    @Test
    void plainWatchAppendsWhatChangedKeepsWatchingThroughApprovalAndEndsZeroOnSuccess() {
        api.json("GET", PATH, 200, rollout("RUNNING", null, 1, "UPGRADING", "PENDING"));
        api.json("GET", PATH, 200, rollout("WAITING_FOR_APPROVAL", 1, 2, "HEALTHY", "PENDING"));
        api.json("GET", PATH, 200, rollout("WAITING_FOR_APPROVAL", 1, 2, "HEALTHY", "PENDING"));
        api.problem("GET", PATH, 503, "{\"title\": \"Service unavailable\", \"status\": 503, \"detail\": \"restarting\"}");
        api.json("GET", PATH, 200, rollout("SUCCEEDED", null, 4, "HEALTHY", "HEALTHY"));

        TestCli.Result result = cli.run("status", "99999999-0000-4000-8000-000000000009", "--watch", "--interval", "5s");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.requests()).hasSize(5);
        assertThat(cli.pauses).hasSize(4).containsOnly(Duration.ofSeconds(5));
        String out = result.out();
        assertThat(out).doesNotContain("\u001B");
        assertThat(out).startsWith("rollout 99999999-0000-4000-8000-000000000009  demo-rg/web");
        assertThat(out).contains("10:00:01  event 1", "10:00:02  event 2", "10:00:04  event 4");
        assertThat(count(out, "event 1")).as("each event once").isEqualTo(1);
        assertThat(count(out, "WAITING_FOR_APPROVAL: wave 2/2 (update domain 1, 2 instances) waits for an approver "
                + "other than alice\n  approve with: vmss-rollout approve 99999999-0000-4000-8000-000000000009 --wave 2\n")).as("said once while it waits")
                .isEqualTo(1);
        assertThat(out).contains("(poll 1 of 10 failed, still watching: Service unavailable (503): restarting)");
        assertThat(out).contains("SUCCEEDED");
        assertThat(out).containsPattern("(?m)^wave 2 +update domain 1 +SUCCEEDED +2\\+ +3\\+$");
    }

    @Test
    void watchEndsOneWhenTheRolloutFails() {
        api.json("GET", PATH, 200, rollout("RUNNING", null, 1, "UPGRADING", "PENDING"));
        api.json("GET", PATH, 200, rollout("FAILED", null, 2, "FAILED", "PENDING"));

        TestCli.Result result = cli.run("status", "99999999-0000-4000-8000-000000000009", "--watch");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(cli.pauses).containsExactly(Duration.ofSeconds(2));
        assertThat(result.out()).contains("FAILED: wave 1/2 failed");
    }

    @Test
    void terminalWatchRedrawsInPlaceInColour() {
        api.json("GET", PATH, 200, rollout("RUNNING", null, 1, "UPGRADING", "PENDING"));
        api.json("GET", PATH, 200, rollout("RUNNING", null, 2, "HEALTHY", "UPGRADING"));
        api.json("GET", PATH, 200, rollout("CANCELLED", null, 3, "HEALTHY", "PENDING"));

        TestCli.Result result = cli.terminal(Terminal.colour(100)).run("status", "99999999-0000-4000-8000-000000000009", "-w");

        assertThat(result.exit()).isEqualTo(1);
        // each frame is drawn with line wrapping off, so that a long line stays one line to move up over
        assertThat(count(result.out(), WRAP_OFF)).isEqualTo(3);
        assertThat(count(result.out(), WRAP_ON)).isEqualTo(3);
        String out = result.out().replace(WRAP_OFF, "").replace(WRAP_ON, "");
        // every frame after the first starts by moving up over the previous one and clearing below it
        String[] frames = REDRAW.split(out);
        assertThat(frames).hasSize(3);
        List<Integer> movedUp = REDRAW.matcher(out).results().map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(movedUp).containsExactly(frames[0].split("\n").length, frames[1].split("\n").length);
        assertThat(frames[1]).contains("\u001B[44;97m 3~ \u001B[0m");
    }

    @Test
    void framesAreCutToTheTerminalsHeight() {
        api.json("GET", PATH, 200, rollout("RUNNING", null, 1, "UPGRADING", "PENDING"));
        api.json("GET", PATH, 200, rollout("SUCCEEDED", null, 4, "HEALTHY", "HEALTHY"));

        TestCli.Result result = cli.terminal(new Terminal(true, true, true, 100, 8)).run("status", "99999999-0000-4000-8000-000000000009", "-w");

        String out = result.out().replace(WRAP_OFF, "").replace(WRAP_ON, "");
        List<Integer> movedUp = REDRAW.matcher(out).results().map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(movedUp).containsExactly(7);
        assertThat(REDRAW.split(out)[0]).endsWith(" more lines: make the terminal taller, or run status without --watch)\n");
    }

    @Test
    void noColorTurnsColoursOffButStillRedraws() {
        api.json("GET", PATH, 200, rollout("RUNNING", null, 1, "UPGRADING", "PENDING"));
        api.json("GET", PATH, 200, rollout("SUCCEEDED", null, 2, "HEALTHY", "HEALTHY"));

        TestCli.Result result = cli.terminal(Terminal.colour(100)).run("status", "99999999-0000-4000-8000-000000000009", "-w", "--no-color");

        assertThat(result.exit()).isZero();
        String out = result.out().replace(WRAP_OFF, "").replace(WRAP_ON, "");
        assertThat(REDRAW.matcher(out).results().count()).isEqualTo(1);
        assertThat(REDRAW.matcher(out).replaceAll("")).doesNotContain("\u001B");
    }

    @Test
    void jsonWatchPrintsOnlyTheFinalRolloutAndTellsPeopleOnStderrWhatItWaitsFor() {
        api.json("GET", PATH, 200, rollout("WAITING_FOR_APPROVAL", 0, 1, "PENDING", "PENDING"));
        String done = rollout("ROLLED_BACK", null, 2, "ROLLED_BACK", "PENDING");
        api.json("GET", PATH, 200, done);

        TestCli.Result result = cli.run("status", "99999999-0000-4000-8000-000000000009", "--watch", "-o", "json");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(done + "\n");
        assertThat(result.err()).isEqualTo("rollout 99999999-0000-4000-8000-000000000009 waits for approval of wave 1 by an approver other than alice; "
                + "still watching\n");
    }

    @Test
    void submitWatchFollowsTheNewRollout() {
        api.json("POST", "/api/v1/rollouts", 201, rollout("PENDING", null, 0, "PENDING", "PENDING"),
                java.util.Map.of("Location", PATH));
        api.json("GET", PATH, 200, rollout("SUCCEEDED", null, 2, "HEALTHY", "HEALTHY"));

        TestCli.Result result = cli.run("submit", "--subscription", "s", "-g", "demo-rg", "-n", "web",
                "--image-version", "1", "--watch");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("submitted rollout 99999999-0000-4000-8000-000000000009 of demo-rg/web (PENDING)\nrollout 99999999-0000-4000-8000-000000000009");
        assertThat(api.requests()).extracting(StubApi.Request::method).containsExactly("POST", "GET");
    }

    @Test
    void watchGivesUpAfterTenFailedPollsInARow() {
        api.problem("GET", PATH, 502, "{\"title\": \"Azure request failed\", \"status\": 502}");

        TestCli.Result result = cli.run("status", "99999999-0000-4000-8000-000000000009", "--watch");

        assertThat(result.exit()).isEqualTo(7);
        assertThat(api.requests()).hasSize(Watcher.MAX_FAILED_POLLS);
        assertThat(result.err()).contains("Azure request failed (502)");
    }

    @Test
    void watchStopsAtOnceOnAnErrorThatWillNotPass() {
        api.problem("GET", PATH, 404, "{\"title\": \"Not found\", \"status\": 404}");

        assertThat(cli.run("status", "99999999-0000-4000-8000-000000000009", "--watch").exit()).isEqualTo(6);
        assertThat(api.requests()).hasSize(1);
    }

    /**
     * Rollout 99999999-0000-4000-8000-000000000009 of two waves (instances 0, 1 and 2, 3); wave 1 in {@code first}'s state, wave 2 in
     * {@code second}'s, with events 1..{@code events}.
     */
    private static String rollout(String state, Integer waiting, int events, String first, String second) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", "99999999-0000-4000-8000-000000000009").put("state", state).put("submittedBy", "alice").put("wavesTotal", 2)
                .put("imageChange", "24.04.202409010 -> 24.04.202410010");
        if ("FAILED".equals(state)) {
            r.put("reason", "wave 1/2 failed: instance 0 did not come back");
        }
        r.putObject("target").put("subscriptionId", "s").put("resourceGroup", "demo-rg").put("scaleSet", "web");
        if (waiting == null) {
            r.putNull("waitingForApprovalWave");
        } else {
            r.put("waitingForApprovalWave", waiting);
        }
        ArrayNode waves = r.putArray("waves");
        wave(waves, 0, waveState(first), first, "0", "1");
        wave(waves, 1, waveState(second), second, "2", "3");
        ArrayNode log = r.putArray("events");
        for (int i = 1; i <= events; i++) {
            log.addObject().put("seq", i).put("at", "2025-01-02T10:00:0" + i + "Z").put("type", "X")
                    .put("message", "event " + i);
        }
        return r.toString();
    }

    private static void wave(ArrayNode waves, int index, String state, String instanceState, String... ids) {
        ObjectNode wave = waves.addObject().put("index", index).put("label", "update domain " + index).put("state", state);
        ArrayNode instances = wave.putArray("instances");
        for (String id : ids) {
            instances.addObject().put("instanceId", id).put("state", instanceState);
        }
    }

    private static String waveState(String instanceState) {
        return switch (instanceState) {
            case "HEALTHY" -> "SUCCEEDED";
            case "PENDING" -> "PENDING";
            default -> instanceState;
        };
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
