package dev.vmssrollout.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code release submit|list|status|approve|resume|retry|rollback|abort|override|approve-override}: the requests and the output. */
class ReleaseCommandsTest extends AgainstStubApi {

    private static final String PAUSED = """
            {"id": "rel-1", "state": "PAUSED", "reason": "stage rest: 1 scale set(s) failed; the line stopped",
             "submittedBy": "alice", "currentStage": 1,
             "stages": [
               {"index": 0, "name": "canary", "maxConcurrent": 1, "bakeTime": "PT10M", "approvalRequired": false,
                "scaleSets": [{"subscriptionId": "sub-1", "resourceGroup": "demo-rg", "scaleSet": "web",
                               "region": "eastus", "rolloutId": "r-1", "rolloutState": "SUCCEEDED"}]},
               {"index": 1, "name": "rest", "maxConcurrent": 2, "bakeTime": "PT0S", "approvalRequired": true,
                "scaleSets": [{"subscriptionId": "sub-1", "resourceGroup": "demo-rg", "scaleSet": "api",
                               "region": "westeurope", "rolloutId": "r-2", "rolloutState": "FAILED"},
                              {"subscriptionId": "sub-1", "resourceGroup": "demo-rg", "scaleSet": "jobs",
                               "region": null, "rolloutId": null, "rolloutState": null}]}],
             "links": {"self": "/api/v1/releases/rel-1"}}""";

    @Test
    void submitSendsTheFileAsTheApisBodyAndShowsTheStoredRelease() throws Exception {
        Path file = home.resolve("release.yaml");
        Files.writeString(file, """
                image: {version: 24.04.202410010}
                stages:
                  - name: canary
                    maxConcurrent: 1
                    bakeTime: PT10M
                    scaleSets:
                      - {subscriptionId: sub-1, resourceGroup: demo-rg, scaleSet: web, region: eastus}
                """);
        api.json("POST", "/api/v1/releases", 201, """
                {"id": "rel-1", "state": "PENDING", "submittedBy": "alice", "currentStage": null,
                 "stages": [{"index": 0, "name": "canary", "maxConcurrent": 1, "bakeTime": "PT10M",
                             "approvalRequired": false,
                             "scaleSets": [{"resourceGroup": "demo-rg", "scaleSet": "web", "region": "eastus"}]}]}""");

        TestCli.Result result = cli.run("release", "submit", "-f", file.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().body()).isEqualTo("{\"image\":{\"version\":\"24.04.202410010\"},\"stages\":[{\"name\":"
                + "\"canary\",\"maxConcurrent\":1,\"bakeTime\":\"PT10M\",\"scaleSets\":[{\"subscriptionId\":\"sub-1\","
                + "\"resourceGroup\":\"demo-rg\",\"scaleSet\":\"web\",\"region\":\"eastus\"}]}]}");
        assertThat(result.out()).isEqualTo("""
                submitted release rel-1 (PENDING)
                release rel-1  PENDING  (stage -/1, submitted by alice)

                stage 1 canary: at most 1 at once, bake PT10M
                  SCALE SET    REGION  STATE        ROLLOUT
                  demo-rg/web  eastus  not started  -
                Follow it with 'vmss-rollout release status rel-1'.
                """);
    }

    @Test
    void statusWatchSaysEachNewStateKeepsWatchingThroughAStoppedLineAndEndsOneWhenTheReleaseFails() {
        String path = "/api/v1/releases/rel-1";
        api.json("GET", path, 200, PAUSED.replace("\"state\": \"PAUSED\"", "\"state\": \"RUNNING\"")
                .replace("\"reason\": \"stage rest: 1 scale set(s) failed; the line stopped\"", "\"reason\": null"));
        api.json("GET", path, 200, PAUSED);
        api.json("GET", path, 200, PAUSED);
        api.problem("GET", path, 503, "{\"title\": \"Service unavailable\", \"status\": 503, \"detail\": \"restarting\"}");
        api.json("GET", path, 200, PAUSED.replace("\"state\": \"PAUSED\"", "\"state\": \"FAILED\"")
                .replace("stage rest: 1 scale set(s) failed; the line stopped", "aborted by bob"));

        TestCli.Result result = cli.run("release", "status", "rel-1", "--watch", "--interval", "3s");

        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        assertThat(cli.pauses).hasSize(4).containsOnly(java.time.Duration.ofSeconds(3));
        assertThat(result.out()).startsWith("""
                release rel-1  RUNNING (stage 2/2)
                release rel-1  PAUSED (stage 2/2): stage rest: 1 scale set(s) failed; the line stopped
                release rel-1  FAILED (stage 2/2): aborted by bob
                release rel-1  FAILED  (stage 2/2, submitted by alice)
                """);
        assertThat(result.err()).contains("poll 1 of 10 failed, still watching: Service unavailable (503): restarting");
    }

    @Test
    void statusWatchWithJsonOutputLeavesOnlyTheFinalReleaseOnStdout() {
        api.json("GET", "/api/v1/releases/rel-1", 200, PAUSED.replace("\"state\": \"PAUSED\"",
                "\"state\": \"SUCCEEDED\""));

        TestCli.Result result = cli.run("release", "status", "rel-1", "--watch", "-o", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("{\"id\": \"rel-1\"");
        assertThat(result.err()).contains("release rel-1  SUCCEEDED (stage 2/2)");
    }

    @Test
    void statusShowsEachStagesScaleSetsWithTheirRolloutsAndJsonIsTheApisDocument() {
        api.json("GET", "/api/v1/releases/rel-1", 200, PAUSED);

        assertThat(cli.run("release", "status", "rel-1").out()).isEqualTo("""
                release rel-1  PAUSED  (stage 2/2, submitted by alice)
                  stage rest: 1 scale set(s) failed; the line stopped

                stage 1 canary: at most 1 at once, bake PT10M
                  SCALE SET    REGION  STATE      ROLLOUT
                  demo-rg/web  eastus  SUCCEEDED  r-1

                stage 2 rest: at most 2 at once, bake PT0S, approval required
                  SCALE SET     REGION      STATE        ROLLOUT
                  demo-rg/api   westeurope  FAILED       r-2
                  demo-rg/jobs  -           not started  -
                """);
        assertThat(cli.run("release", "status", "rel-1", "-o", "json").out()).startsWith("{\"id\": \"rel-1\"");
    }

    @Test
    void listShowsOneLinePerReleaseWithItsStageAndHowManyScaleSetsSucceeded() {
        api.json("GET", "/api/v1/releases", 200, """
                [{"id": "rel-2", "state": "RUNNING", "imageChange": "version 24.04.202410010", "submittedBy": "bob",
                  "currentStage": 0, "stagesTotal": 3, "scaleSetsTotal": 9, "scaleSetsSucceeded": 2,
                  "updatedAt": "2026-12-04T21:00:00Z"},
                 {"id": "rel-1", "state": "PENDING", "imageChange": "version 24.04.202410010", "submittedBy": "alice",
                  "currentStage": null, "stagesTotal": 1, "scaleSetsTotal": 1, "scaleSetsSucceeded": 0,
                  "updatedAt": "2026-12-04T20:00:00Z"}]""");

        TestCli.Result result = cli.run("release", "list", "--limit", "10");

        assertThat(api.last().query()).isEqualTo("limit=10");
        assertThat(result.out()).isEqualTo("""
                ID     STATE    STAGE  SUCCEEDED  IMAGE                    SUBMITTED BY  UPDATED
                rel-2  RUNNING  1/3    2/9        version 24.04.202410010  bob           2026-12-04T21:00:00Z
                rel-1  PENDING  -/1    0/1        version 24.04.202410010  alice         2026-12-04T20:00:00Z
                """);
        assertThat(cli.run("release", "list", "--limit", "0").exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    }

    @Test
    void approveNamesTheStageCountedFromOneAndActionsSendTheReason() {
        api.json("POST", "/api/v1/releases/rel-1/approve", 202, "{\"id\": \"rel-1\", \"state\": \"RUNNING\"}");
        api.json("POST", "/api/v1/releases/rel-1/retry", 202, PAUSED);
        api.json("POST", "/api/v1/releases/rel-1/rollback", 202, PAUSED);

        TestCli.Result approved = cli.run("release", "approve", "rel-1", "--stage", "2", "--comment", "canary is fine");
        TestCli.Result retried = cli.run("release", "retry", "rel-1", "--reason", "transient");
        TestCli.Result rolledBack = cli.run("release", "rollback", "rel-1");

        assertThat(approved.out()).isEqualTo("stage 2 of release rel-1 approved (the release is RUNNING).\n");
        assertThat(retried.out()).startsWith("retry sent to release rel-1 (it was PAUSED): it upgrades the failed");
        assertThat(rolledBack.out()).contains("restores every scale set it changed, newest first");
        assertThat(api.requests()).extracting(StubApi.Request::body)
                .containsExactly("{\"stage\":2,\"comment\":\"canary is fine\"}", "{\"reason\":\"transient\"}", "{}");
        assertThat(cli.run("release", "approve", "rel-1").err()).contains("Missing required option: '--stage=N'");
    }

    @Test
    void overrideSendsTheReasonAndApproveOverrideTheCommentAndAFourEyesRefusalReachesTheUser() {
        api.json("POST", "/api/v1/releases/rel-1/override", 202, "{\"id\": \"rel-1\", \"state\": \"WAITING_FOR_WINDOW\"}");
        TestCli.Result asked = cli.run("release", "override", "rel-1", "--reason", "CVE-2026-1234 is exploited");
        api.problem("POST", "/api/v1/releases/rel-1/override/approve", 403, """
                {"title": "Submitter may not approve", "status": 403,
                 "detail": "four-eyes: alice asked for the override and cannot approve it; another person must"}""");
        api.json("POST", "/api/v1/releases/rel-1/override/approve", 202, "{\"id\": \"rel-1\", \"state\": \"RUNNING\"}");
        TestCli.Result own = cli.run("release", "approve-override", "rel-1");
        TestCli.Result approved = cli.run("release", "approve-override", "rel-1", "--comment", "agreed");

        assertThat(asked.out()).startsWith("override sent to release rel-1 (it was WAITING_FOR_WINDOW): it waits for "
                + "another person's approval (vmss-rollout release approve-override rel-1).");
        assertThat(own.exit()).isNotZero();
        assertThat(own.err()).contains("four-eyes: alice asked for the override and cannot approve it");
        assertThat(approved.out()).startsWith("override of release rel-1 approved (the release is RUNNING)");
        assertThat(api.requests()).extracting(StubApi.Request::body).containsExactly(
                "{\"reason\":\"CVE-2026-1234 is exploited\"}", "{}", "{\"comment\":\"agreed\"}");
    }

    @Test
    void aRefusalOfTheApiReachesTheUser() {
        api.problem("POST", "/api/v1/releases/rel-1/resume", 409, """
                {"title": "Conflict", "status": 409, "detail": "release rel-1 is RUNNING: resume is not possible now"}""");
        api.problem("GET", "/api/v1/releases/nope", 404, """
                {"title": "Not Found", "status": 404, "detail": "no release nope"}""");

        TestCli.Result resumed = cli.run("release", "resume", "rel-1");
        TestCli.Result missing = cli.run("release", "status", "nope");

        assertThat(resumed.exit()).isNotZero();
        assertThat(resumed.err()).contains("release rel-1 is RUNNING: resume is not possible now");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no release nope");
        assertThat(cli.run("release").err()).contains("a release command is required");
    }
}
