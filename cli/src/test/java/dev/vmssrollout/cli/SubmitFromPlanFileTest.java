package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Plan files, JSON or YAML or stdin, sent as the API's JSON. */
class SubmitFromPlanFileTest extends AgainstStubApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void answerSubmissions() {
        api.json("POST", "/api/v1/rollouts", 201, SubmitFromFlagsTest.SUBMITTED);
    }

    @Test
    void yamlPlanIsSentAsJsonWithTextWhereTheApiWantsText() throws Exception {
        Path plan = write("plan.yaml", """
                # canary first, then a quarter at a time
                target:
                  subscriptionId: 00000000-0000-0000-0000-000000000000
                  resourceGroup: demo-rg
                  scaleSet: web
                image:
                  sku: 24_04-lts
                  version: 1.10
                strategy:
                  mode: batch
                  batchPercent: 25
                  instanceIds: [3, 7]
                  pauseBetweenWaves: 2m
                approval:
                  mode: first-wave
                health:
                  timeout: PT20M
                  maxUnhealthyPercent: 10
                  waveDeadline: 1h30m
                onFailure: rollback
                """);

        TestCli.Result result = cli.run("submit", "-f", plan.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body()).isEqualTo(JSON.readTree("""
                {"target": {"subscriptionId": "00000000-0000-0000-0000-000000000000", "resourceGroup": "demo-rg",
                            "scaleSet": "web"},
                 "image": {"sku": "24_04-lts", "version": "1.10"},
                 "strategy": {"mode": "BATCH", "batchPercent": 25, "instanceIds": ["3", "7"], "pauseBetweenWaves": "PT2M"},
                 "approval": {"mode": "FIRST_WAVE"},
                 "health": {"timeout": "PT20M", "maxUnhealthyPercent": 10, "waveDeadline": "PT1H30M"},
                 "onFailure": "ROLLBACK"}"""));
    }

    @Test
    void jsonPlanFromStdinGoesOutAsWritten() throws Exception {
        String plan = """
                {"target": {"subscriptionId": "s-1", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"version": "24.04.202410010"}, "strategy": {"mode": "UPDATE_DOMAIN"},
                 "someFutureField": {"kept": true}}""";

        TestCli.Result result = cli.stdin(plan).run("submit", "-f", "-");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body()).isEqualTo(JSON.readTree(plan));
    }

    @Test
    void missingSubscriptionOfAPlanFileIsTheConfiguredDefault() throws Exception {
        cli.env.put("VMSS_ROLLOUT_SUBSCRIPTION", "s-default");
        Path plan = write("plan.json", """
                {"target": {"resourceGroup": "demo-rg", "scaleSet": "web"}, "image": {"version": "1"}}""");

        TestCli.Result result = cli.run("submit", "--file", plan.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body().at("/target/subscriptionId").asText()).isEqualTo("s-default");
    }

    @Test
    void planFlagsBesideAPlanFileAreRefused() throws Exception {
        Path plan = write("plan.yaml", "target: {resourceGroup: demo-rg, scaleSet: web}\nimage: {version: '1'}\n");

        TestCli.Result result = cli.run("submit", "-f", plan.toString(), "--scale-set", "api", "--approve", "none");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("give the plan in -f " + plan + " or in flags, not both; remove --scale-set, "
                + "--approve or put them in the file");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void brokenYamlIsReportedWithItsLine() throws Exception {
        Path plan = write("plan.yaml", "target:\n  scaleSet: web\n image: [\n");

        TestCli.Result result = cli.run("submit", "-f", plan.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("plan file " + plan + " is not valid YAML at line 3");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void duplicateKeysInJsonAreRefused() throws Exception {
        Path plan = write("plan.json", "{\"image\": {\"version\": \"1\"}, \"image\": {\"sku\": \"x\"}}");

        TestCli.Result result = cli.run("submit", "-f", plan.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("is not valid JSON at line 1").contains("Duplicate field 'image'");
    }

    @Test
    void missingOrEmptyPlanFileIsBadInput() throws Exception {
        assertThat(cli.run("submit", "-f", home.resolve("nope.yaml").toString()).err()).contains("does not exist");
        TestCli.Result empty = cli.run("submit", "-f", write("empty.yaml", "\n").toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("is empty; it must hold a rollout plan");
        TestCli.Result list = cli.run("submit", "-f", write("list.yaml", "- a\n- b\n").toString());
        assertThat(list.err()).contains("must hold one rollout plan object");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(home.resolve(name), content);
    }

    private JsonNode body() throws Exception {
        return JSON.readTree(api.last().body());
    }
}
