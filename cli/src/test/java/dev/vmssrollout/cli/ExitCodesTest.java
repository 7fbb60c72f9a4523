package dev.vmssrollout.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exit codes and messages for the API's RFC 7807 problems, served by a local HTTP server standing
 * in for the API, and for an API that cannot be reached at all.
 */
class ExitCodesTest extends AgainstStubApi {

    @Test
    void invalidPlanIsBadInputWithEveryViolationAndItsField() {
        api.problem("POST", "/api/v1/rollouts", 400, """
                {"type": "urn:vmss-rollout:problem:invalid-request", "title": "Invalid request", "status": 400,
                 "detail": "the rollout plan is invalid: 2 problems (see violations)", "instance": "/api/v1/rollouts",
                 "violations": [{"field": "strategy.batchSize", "message": "must be at least 1"},
                                {"field": "health.timeout", "message": "'soon' is not an ISO-8601 duration"}]}""");

        TestCli.Result result = submit();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("""
                error: Invalid request (400): the rollout plan is invalid: 2 problems (see violations)
                  - strategy.batchSize: must be at least 1
                  - health.timeout: 'soon' is not an ISO-8601 duration
                Fix the input and try again; nothing was changed.
                """);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unprocessablePlanIsBadInputTooWithTheProblemsOtherMembers() {
        api.problem("POST", "/api/v1/rollouts", 422, """
                {"type": "urn:vmss-rollout:problem:scale-set-not-found", "title": "Scale set not found", "status": 422,
                 "detail": "scale set demo-rg/webb not found",
                 "violations": [{"field": "target.scaleSet", "message": "scale set /subscriptions/0/.../webb does not exist"}],
                 "scaleSet": "/subscriptions/0/resourceGroups/demo-rg/providers/Microsoft.Compute/virtualMachineScaleSets/webb"}""");

        TestCli.Result result = submit();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Scale set not found (422): scale set demo-rg/webb not found")
                .contains("  - target.scaleSet: scale set /subscriptions/0/.../webb does not exist")
                .contains("  scaleSet: /subscriptions/0/resourceGroups/demo-rg/providers/Microsoft.Compute/"
                        + "virtualMachineScaleSets/webb");
    }

    @Test
    void errorsArrayOfPlainStringsIsListedToo() {
        api.problem("POST", "/api/v1/rollouts", 400, """
                {"title": "Bad Request", "status": 400, "errors": ["image: required", "target: required"]}""");

        TestCli.Result result = submit();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("error: Bad Request (400)\n  - image: required\n  - target: required\n");
    }

    @Test
    void unauthenticatedIsExitFourWithTheApisReasonAndHowToLogIn() {
        api.problem("GET", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111", 401, """
                {"title": "Authentication required", "status": 401, "detail": "bad credentials for user alice"}""");

        TestCli.Result result = cli.run("status", "11111111-1111-4111-8111-111111111111");

        assertThat(result.exit()).isEqualTo(4);
        assertThat(result.err()).contains("Authentication required (401): bad credentials for user alice")
                .contains("Check the password of user alice (it came from VMSS_ROLLOUT_PASSWORD); the password is "
                        + "taken from --password, --password-file, VMSS_ROLLOUT_PASSWORD or the config file, in that order.");
    }

    @Test
    void unauthenticatedWithoutAnyUserSaysHowToGiveOne() {
        cli.env.remove("VMSS_ROLLOUT_USER");
        cli.env.remove("VMSS_ROLLOUT_PASSWORD");
        api.problem("GET", "/api/v1/rollouts", 401, """
                {"title": "Authentication required", "status": 401,
                 "detail": "this endpoint needs authentication: send HTTP Basic credentials"}""");

        TestCli.Result result = cli.run("list");

        assertThat(result.exit()).isEqualTo(4);
        assertThat(api.last().header("Authorization")).isNull();
        assertThat(result.err()).contains("this endpoint needs authentication")
                .contains("No user is set: give --user (or VMSS_ROLLOUT_USER) and the password in VMSS_ROLLOUT_PASSWORD "
                        + "(or --password-file).");
    }

    @Test
    void forbiddenNamesTheMissingRole() {
        api.problem("POST", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111/approve", 403, """
                {"type": "urn:vmss-rollout:problem:forbidden", "title": "Forbidden", "status": 403,
                 "detail": "approving needs the role rollout.approve", "requiredRole": "rollout.approve"}""");

        TestCli.Result result = cli.run("approve", "11111111-1111-4111-8111-111111111111");

        assertThat(result.exit()).isEqualTo(4);
        assertThat(result.err()).contains("Forbidden (403): approving needs the role rollout.approve")
                .contains("User alice may not do this without role rollout.approve; ask for that role or run as "
                        + "another user (--user NAME).");
    }

    @Test
    void fourEyesRefusalSaysAnotherApproverMustApprove() {
        api.problem("POST", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111/approve", 403, """
                {"type": "urn:vmss-rollout:problem:four-eyes", "title": "Submitter may not approve", "status": 403,
                 "detail": "four-eyes rule: alice submitted rollout 11111111-1111-4111-8111-111111111111 and may not approve it; another approver must"}""");

        TestCli.Result result = cli.run("approve", "11111111-1111-4111-8111-111111111111", "--wave", "1", "--comment", "lgtm");

        assertThat(result.exit()).isEqualTo(4);
        assertThat(api.last().body()).isEqualTo("{\"waveNumber\":1,\"comment\":\"lgtm\"}");
        assertThat(result.err()).contains("Submitter may not approve (403): four-eyes rule: alice submitted rollout 11111111-1111-4111-8111-111111111111")
                .contains("Another approver must run this command (--user NAME).");
    }

    @Test
    void approveCountsWavesFromOneAsStatusShowsThem() {
        TestCli.Result result = cli.run("approve", "11111111-1111-4111-8111-111111111111", "--wave", "0");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--wave 0: waves are numbered from 1, as 'vmss-rollout status' shows them");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void unknownRolloutIsExitSix() {
        api.problem("GET", "/api/v1/rollouts/99999999-9999-4999-8999-999999999999", 404, """
                {"title": "Not found", "status": 404, "detail": "no rollout 99999999-9999-4999-8999-999999999999"}""");

        TestCli.Result result = cli.run("status", "99999999-9999-4999-8999-999999999999");

        assertThat(result.exit()).isEqualTo(6);
        assertThat(result.err()).isEqualTo("error: Not found (404): no rollout 99999999-9999-4999-8999-999999999999\n"
                + "Check the rollout ID; 'vmss-rollout list' shows the rollouts.\n");
    }

    @Test
    void notFoundFromSomeOtherServerAsksWhetherTheUrlIsTheApis() {
        api.text("GET", "/api/v1/rollouts", 404, "text/html", "<html><body>Not Found</body></html>");

        TestCli.Result result = cli.run("list");

        assertThat(result.exit()).isEqualTo(6);
        assertThat(result.err()).contains("HTTP 404 from GET " + api.url() + "/api/v1/rollouts: <html><body>Not Found")
                .contains("The server has no such endpoint: is " + api.url() + " the vmss-rollout API (the API URL "
                        + "comes from VMSS_ROLLOUT_API_URL)?");
    }

    @Test
    void busyScaleSetIsExitFiveAndPointsAtTheActiveRollout() {
        api.problem("POST", "/api/v1/rollouts", 409, """
                {"type": "urn:vmss-rollout:problem:active-rollout-exists", "title": "Scale set busy", "status": 409,
                 "detail": "scale set demo-rg/web already has rollout r-7 in progress; wait for it to finish or cancel it",
                 "activeRolloutId": "r-7", "activeRollout": "/api/v1/rollouts/r-7"}""");

        TestCli.Result result = submit();

        assertThat(result.exit()).isEqualTo(5);
        assertThat(result.err()).contains("Scale set busy (409): scale set demo-rg/web already has rollout r-7 in progress")
                .contains("  activeRolloutId: r-7")
                .contains("Follow it with 'vmss-rollout status r-7 --watch', or cancel it with 'vmss-rollout cancel r-7'.");
    }

    @Test
    void actionTheRolloutsStateDoesNotAllowIsExitFive() {
        api.problem("POST", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111/pause", 409, """
                {"title": "Rollout state does not allow this", "status": 409, "detail": "rollout 11111111-1111-4111-8111-111111111111 has ended (CANCELLED)"}""");

        TestCli.Result result = cli.run("pause", "11111111-1111-4111-8111-111111111111", "--reason", "dinner");

        assertThat(result.exit()).isEqualTo(5);
        assertThat(api.last().body()).isEqualTo("{\"reason\":\"dinner\"}");
        assertThat(result.err()).contains("rollout 11111111-1111-4111-8111-111111111111 has ended (CANCELLED)")
                .contains("See where it stands with 'vmss-rollout status 11111111-1111-4111-8111-111111111111'.");
    }

    @Test
    void serverErrorsAreExitSevenWithTheErrorId() {
        api.problem("GET", "/api/v1/rollouts", 500, """
                {"title": "Internal error", "status": 500, "detail": "unexpected error", "errorId": "e-123"}""");
        api.problem("GET", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111", 503, """
                {"title": "Service unavailable", "status": 503, "detail": "Temporal is unreachable; try again shortly"}""");

        TestCli.Result internal = cli.run("list");
        TestCli.Result unavailable = cli.run("status", "11111111-1111-4111-8111-111111111111");

        assertThat(internal.exit()).isEqualTo(7);
        assertThat(internal.err()).contains("Internal error (500): unexpected error")
                .contains("if it persists, tell its operators errorId e-123.");
        assertThat(unavailable.exit()).isEqualTo(7);
        assertThat(unavailable.err()).contains("try again shortly");
    }

    @Test
    void jsonOutputPutsTheProblemOnStdoutUnchangedForScripts() {
        String problem = "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no rollout 99999999-9999-4999-8999-999999999999\"}";
        api.problem("GET", "/api/v1/rollouts/99999999-9999-4999-8999-999999999999", 404, problem);

        TestCli.Result result = cli.run("status", "99999999-9999-4999-8999-999999999999", "-o", "json");

        assertThat(result.exit()).isEqualTo(6);
        assertThat(result.out()).isEqualTo(problem + "\n");
        assertThat(result.err()).startsWith("error: Not found (404)");
    }

    @Test
    void unreachableApiIsExitThreeNamingTheUrlAndHowToSetIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        TestCli.Result result = cli.run("list", "--api-url", "http://127.0.0.1:" + closedPort);

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("error: cannot reach the vmss-rollout API at http://127.0.0.1:" + closedPort
                + " (connection refused; the API URL comes from --api-url).\n"
                + "Is the API running there? Set its URL with --api-url URL, VMSS_ROLLOUT_API_URL or apiUrl in "
                + "~/.config/vmss-rollout/config.yaml.\n");
    }

    @Test
    void apiUrlFlagBeatsTheEnvironment() {
        cli.env.put("VMSS_ROLLOUT_API_URL", "http://127.0.0.1:1");
        api.json("GET", "/api/v1/rollouts", 200, "{\"items\": [], \"total\": 0, \"limit\": 50, \"offset\": 0}");

        TestCli.Result result = cli.run("--api-url", api.url(), "list", "--state", "waiting-for-approval",
                "--scale-set", "web", "-g", "demo-rg", "--limit", "5");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("no rollouts\n");
        assertThat(api.last().query()).isEqualTo("state=WAITING_FOR_APPROVAL&resourceGroup=demo-rg&scaleSet=web&limit=5");
    }

    @Test
    void badOutputFormatIsBadInput() {
        TestCli.Result result = cli.run("list", "-o", "xml");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--output 'xml' is not one of table, json, yaml");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void helpListsTheExitCodes() {
        TestCli.Result result = cli.run("status", "--help");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Exit codes:", " 0   Success; with --watch: the rollout SUCCEEDED.",
                " 3   The API cannot be reached", " 5   Conflict (409)", " 7   Any other error");
    }

    private TestCli.Result submit() {
        return cli.run("submit", "--subscription", "s", "-g", "demo-rg", "-n", "web", "--image-version", "1");
    }
}
