package dev.vmssrollout.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command that takes a rollout ID takes the start of one, as long as only one rollout starts with it. */
class RolloutIdsTest extends AgainstStubApi {

    private static final String FIRST = "3f2a9c41-0b6e-4d2a-9f1e-5c7d8e9fa001";
    private static final String SECOND = "3f2b1d77-7c10-4e55-8a2b-0d1e2f3a4b02";
    private static final String OTHER = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c03";
    private static final String LIST = """
            {"items": [
              {"id": "%s", "target": {"resourceGroup": "demo-rg", "scaleSet": "web"}, "state": "RUNNING"},
              {"id": "%s", "target": {"resourceGroup": "demo-rg", "scaleSet": "api"}, "state": "SUCCEEDED"},
              {"id": "%s", "target": {"resourceGroup": "prod-rg", "scaleSet": "web"}, "state": "PAUSED"}],
             "total": 3, "limit": 200, "offset": 0}""".formatted(FIRST, SECOND, OTHER);
    private static final String ROLLOUT = "{\"id\": \"" + OTHER + "\", \"state\": \"PAUSED\", \"approvals\": []}";

    @BeforeEach
    void listThreeRollouts() {
        api.json("GET", "/api/v1/rollouts", 200, LIST);
    }

    @Test
    void everyCommandTakingAnIdResolvesAUniquePrefixWithOneListCall() {
        List<List<String>> commands = List.of(List.of("status", "a0b"), List.of("approve", "a0b"),
                List.of("pause", "a0b"), List.of("resume", "a0b"), List.of("retry", "a0b"), List.of("cancel", "a0b"),
                List.of("rollback", "a0b"), List.of("override", "a0b", "--reason", "CVE"),
                List.of("approve-override", "a0b"), List.of("status", "A0B1", "--watch"));
        api.json("GET", "/api/v1/rollouts/" + OTHER, 200,
                "{\"id\": \"" + OTHER + "\", \"state\": \"SUCCEEDED\", \"waves\": [], \"events\": []}");
        for (String action : new String[]{"approve", "pause", "resume", "retry", "cancel", "rollback", "override",
                "override/approve"}) {
            api.json("POST", "/api/v1/rollouts/" + OTHER + "/" + action, 202, ROLLOUT);
        }
        for (List<String> command : commands) {
            int before = api.requests().size();

            TestCli.Result result = cli.run(command.toArray(String[]::new));

            assertThat(result.exit()).as(command + ": " + result.err()).isZero();
            List<StubApi.Request> sent = api.requests().subList(before, api.requests().size());
            assertThat(sent).as(String.valueOf(command)).hasSize(2);
            assertThat(sent.get(0).path()).isEqualTo("/api/v1/rollouts");
            assertThat(sent.get(0).query()).isEqualTo("limit=200");
            assertThat(sent.get(1).path()).as(String.valueOf(command)).startsWith("/api/v1/rollouts/" + OTHER);
        }
    }

    @Test
    void aWholeIdIsUsedAsItIsWithoutAListCall() {
        api.json("POST", "/api/v1/rollouts/" + OTHER + "/pause", 202, ROLLOUT);

        TestCli.Result result = cli.run("pause", OTHER);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.requests()).extracting(StubApi.Request::path).containsExactly("/api/v1/rollouts/" + OTHER + "/pause");
        assertThat(result.out()).startsWith("pause sent to rollout " + OTHER);
    }

    @Test
    void anAmbiguousPrefixListsTheCandidatesAndSendsNothing() {
        TestCli.Result result = cli.run("rollback", "3f2");

        assertThat(result.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(result.err()).isEqualTo("error: '3f2' is the start of 2 rollouts; type more of the ID:\n"
                + "  " + FIRST + "  demo-rg/web  RUNNING\n"
                + "  " + SECOND + "  demo-rg/api  SUCCEEDED\n");
        assertThat(api.requests()).extracting(StubApi.Request::method).containsExactly("GET");
    }

    @Test
    void aPrefixNoRolloutStartsWithIsNotFound() {
        TestCli.Result result = cli.run("status", "ffff");

        assertThat(result.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(result.err()).isEqualTo("error: no rollout starts with 'ffff'. 'vmss-rollout list' shows the rollouts.\n");
    }

    @Test
    void whenTheListIsCutTheMessageSaysOnlyTheNewestWereSearched() {
        api.close();
        api = StubApi.start();
        api.json("GET", "/api/v1/rollouts", 200, LIST.replace("\"total\": 3", "\"total\": 950"));
        cli = TestCli.against(api, home);

        TestCli.Result result = cli.run("status", "ffff");

        assertThat(result.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(result.err()).contains("no rollout starts with 'ffff' among the newest 3; give its whole ID");
    }
}
