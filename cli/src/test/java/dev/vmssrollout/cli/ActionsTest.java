package dev.vmssrollout.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** approve, pause, resume, retry, cancel and rollback: the request each sends and what each says. */
class ActionsTest extends AgainstStubApi {

    private static final String ROLLOUT = """
            {"id": "r 1", "state": "RUNNING", "approvals": [{"wave": 0, "approver": "bob", "comment": null},
                                                          {"wave": 1, "approver": "bob", "comment": "ok"}]}""";

    @BeforeEach
    void asBob() {
        cli.env.put("VMSS_ROLLOUT_USER", "bob");
    }

    /** "r 1" is not a whole UUID, so each command looks it up in the list first (RolloutIdsTest). */
    private void listHoldsR1() {
        api.json("GET", "/api/v1/rollouts", 200, "{\"items\": [{\"id\": \"r 1\"}, {\"id\": \"r 10\"}], \"total\": 2}");
    }

    @Test
    void approveWithoutAWaveSaysWhichWaveTheApiApproved() {
        listHoldsR1();
        api.json("POST", "/api/v1/rollouts/r%201/approve", 202, ROLLOUT);

        TestCli.Result result = cli.run("approve", "r 1");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().body()).isEqualTo("{}");
        assertThat(result.out()).startsWith("approved wave 2 of rollout r 1.\n");
    }

    @Test
    void eachOperatorActionPostsItsReasonToItsEndpoint() {
        listHoldsR1();
        for (String action : new String[]{"pause", "resume", "retry", "cancel", "rollback"}) {
            api.json("POST", "/api/v1/rollouts/r%201/" + action, 202, ROLLOUT);

            TestCli.Result result = cli.run(action, "r 1", "--reason", "because " + action);

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(api.last().body()).isEqualTo("{\"reason\":\"because " + action + "\"}");
            assertThat(result.out()).startsWith(action + " sent to rollout r 1 (it was RUNNING): ");
        }
        assertThat(api.requests()).filteredOn(request -> request.method().equals("POST"))
                .extracting(StubApi.Request::path).containsExactly("/api/v1/rollouts/r%201/pause",
                "/api/v1/rollouts/r%201/resume", "/api/v1/rollouts/r%201/retry", "/api/v1/rollouts/r%201/cancel",
                "/api/v1/rollouts/r%201/rollback");
    }

    @Test
    void jsonOutputIsTheApisAnswerUnchanged() {
        listHoldsR1();
        api.json("POST", "/api/v1/rollouts/r%201/cancel", 202, ROLLOUT);

        TestCli.Result result = cli.run("cancel", "r 1", "--output", "json");

        assertThat(result.out()).isEqualTo(ROLLOUT + "\n");
    }

    @Test
    void listShowsATableWithTheNextPage() {
        api.json("GET", "/api/v1/rollouts", 200, """
                {"items": [{"id": "r-2", "target": {"resourceGroup": "demo-rg", "scaleSet": "web"}, "state": "RUNNING",
                            "imageChange": "version 24.04.202410010", "submittedBy": "alice", "wavesCompleted": 2,
                            "wavesTotal": 5, "instancesUpgraded": 8, "instancesTotal": 20,
                            "updatedAt": "2025-01-02T10:03:04.5Z"}],
                 "total": 3, "limit": 1, "offset": 0, "links": {"self": "/api/v1/rollouts?limit=1", "next": "x"}}""");

        TestCli.Result result = cli.run("list", "--limit", "1");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                ID   STATE    SCALE SET    IMAGE                    WAVES  INSTANCES  BY     UPDATED
                r-2  RUNNING  demo-rg/web  version 24.04.202410010  2/5    8/20       alice  2025-01-02 10:03
                1-1 of 3 rollouts; the next page: --offset 1
                """);
    }
}
