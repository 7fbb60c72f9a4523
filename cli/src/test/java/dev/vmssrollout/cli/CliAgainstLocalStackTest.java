package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.local.LocalOptions;
import dev.vmssrollout.local.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI against the real local stack: the demo scale set, the README's first rollout, approvals
 * by the wrong and the right person, and the exit codes scripts rely on. It also writes the
 * transcript docs/cli.md shows (cli/target/cli-transcript.txt).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliAgainstLocalStackTest {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    @TempDir
    static Path home;

    private static LocalStack stack;
    private static final List<String> transcript = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(new LocalOptions(0, 0, 0, 0, data, null, null, null,
                300, 200, Duration.ofMillis(100), Duration.ofSeconds(15)));
    }

    @AfterAll
    static void stopStack() throws IOException {
        stack.close();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "cli-transcript.txt"), transcript);
    }

    @Test
    void previewSubmitApproveAndWatchTheDemoRollout() throws Exception {
        TestCli.Result preview = as("alice", "preview", "-g", "demo-rg", "-n", "web", "--image-version", "24.04.202410010",
                "--by", "update-domain");
        assertThat(preview.exit()).isZero();
        assertThat(preview.out()).contains("web", "24.04.202410010");

        TestCli.Result submitted = as("alice", "submit", "-g", "demo-rg", "-n", "web", "--image-version", "24.04.202410010",
                "--by", "update-domain", "--approve", "first-wave");
        assertThat(submitted.exit()).isZero();
        String id = submitted.out().replaceAll("(?s).*submitted rollout (\\S+) .*", "$1");
        assertThat(id).matches("[0-9a-f-]{36}");

        TestCli.Result busy = as("bob", "submit", "-g", "demo-rg", "-n", "web", "--image-version", "24.04.202410010");
        assertThat(busy.exit()).as(busy.err()).isEqualTo(ExitCode.CONFLICT.code());

        awaitWaitingForApproval(id, 0);
        TestCli.Result ownApproval = as("alice", "approve", id);
        assertThat(ownApproval.exit()).isEqualTo(ExitCode.AUTH.code());
        assertThat(ownApproval.err()).containsIgnoringCase("four-eyes");

        assertThat(as("bob", "approve", id, "--comment", "canary looks fine").exit()).isZero();
        awaitWaitingForApproval(id, 1);
        assertThat(as("bob", "approve", id).exit()).isZero();

        TestCli.Result watched = as("alice", "status", id, "--watch", "--interval", "200ms");
        assertThat(watched.exit()).isZero();
        assertThat(watched.out()).contains("SUCCEEDED");
    }

    @Test
    void scriptsCanTellBadInputFromRefusedCredentials() {
        TestCli.Result badPlan = as("alice", "submit", "-g", "demo-rg", "-n", "web", "--image-version", "1.2");
        assertThat(badPlan.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(badPlan.err()).contains("image.version");

        TestCli cli = new TestCli(home);
        cli.env.put("VMSS_ROLLOUT_API_URL", stack.apiUrl().toString());
        cli.env.put("VMSS_ROLLOUT_USER", "alice");
        cli.env.put("VMSS_ROLLOUT_PASSWORD", "wrong");
        TestCli.Result refused = cli.run("list");
        assertThat(refused.exit()).isEqualTo(ExitCode.AUTH.code());

        TestCli.Result unknown = as("alice", "status", "00000000-0000-0000-0000-00000000dead");
        assertThat(unknown.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    @Test
    void aCalendarMadeWithFlagsIsStoredByTheApiAndReadBackAndABadZoneIsNamed() {
        TestCli.Result put = as("alice", "calendars", "put", "cli-nights", "--time-zone", "Europe/Berlin",
                "--window", "MON-FRI 22:00-02:00", "--freeze", "2026-12-24T00:00..2026-12-27T00:00 holidays");
        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(put.out()).startsWith("calendar cli-nights created.\n");

        TestCli.Result listed = as("bob", "calendars", "list");
        assertThat(listed.out()).containsPattern("cli-nights +Europe/Berlin +MON,TUE,WED,THU,FRI 22:00-02:00 +1 ");
        TestCli.Result shown = as("bob", "calendars", "show", "cli-nights");
        assertThat(shown.out()).contains("2026-12-24T00:00 to 2026-12-27T00:00  holidays");

        TestCli.Result badZone = as("alice", "calendars", "put", "cli-nights", "--time-zone", "Europe/Berlun");
        assertThat(badZone.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(badZone.err()).contains("timeZone").contains("Europe/Berlun");

        assertThat(as("alice", "calendars", "delete", "cli-nights").out()).isEqualTo("calendar cli-nights deleted.\n");
        assertThat(as("bob", "calendars", "show", "cli-nights").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    private void awaitWaitingForApproval(String id, int wave) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            TestCli.Result status = cli("bob").run("status", id, "-o", "json");
            JsonNode rollout = JSON.readTree(status.out());
            return "WAITING_FOR_APPROVAL".equals(rollout.path("state").asText())
                    && rollout.path("waitingForApprovalWave").asInt(-1) == wave;
        });
    }

    private static TestCli cli(String user) {
        TestCli cli = new TestCli(home).inRealTime();
        cli.env.put("VMSS_ROLLOUT_API_URL", stack.apiUrl().toString());
        cli.env.put("VMSS_ROLLOUT_USER", user);
        cli.env.put("VMSS_ROLLOUT_PASSWORD", user);
        cli.env.put("VMSS_ROLLOUT_SUBSCRIPTION", SUBSCRIPTION);
        return cli;
    }

    /** Runs one command as {@code user} and adds it, with what it printed, to the transcript. */
    private static TestCli.Result as(String user, String... args) {
        TestCli.Result result = cli(user).run(args);
        transcript.add("$ VMSS_ROLLOUT_USER=" + user + " vmss-rollout "
                + java.util.Arrays.stream(args).map(a -> a.contains(" ") ? "'" + a + "'" : a).collect(java.util.stream.Collectors.joining(" ")));
        transcript.add((result.out() + result.err()).stripTrailing());
        transcript.add("(exit " + result.exit() + ")");
        transcript.add("");
        return result;
    }
}
