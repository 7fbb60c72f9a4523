package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Flags in, the exact JSON body of POST /api/v1/rollouts (and /preview) out. */
class SubmitFromFlagsTest extends AgainstStubApi {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String SUBMITTED = """
            {"id": "r-1", "state": "PENDING",
             "target": {"subscriptionId": "00000000-0000-0000-0000-000000000000", "resourceGroup": "demo-rg", "scaleSet": "web"}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void answerSubmissions() {
        api.json("POST", "/api/v1/rollouts", 201, SUBMITTED);
    }

    @Test
    void sendsOnlyWhatTheFlagsSaySoTheApiDefaultsApply() throws Exception {
        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "--resource-group", "demo-rg",
                "--scale-set", "web", "--image-version", "24.04.202410010");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body()).isEqualTo(json("""
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"version": "24.04.202410010"}}""".formatted(SUBSCRIPTION)));
        assertThat(result.out()).contains("submitted rollout r-1 of demo-rg/web (PENDING)")
                .contains("vmss-rollout status r-1 --watch");
    }

    @Test
    void everyPlanFlagLandsInItsField() throws Exception {
        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--sku", "24_04-lts", "--image-version", "latest", "--by", "batch", "--batch-size", "3",
                "--batch-percent", "20", "--pause-between-waves", "30s", "--prioritize-unhealthy",
                "--approve", "first-wave", "--on-failure", "rollback", "--health-timeout", "PT30M",
                "--min-ready", "1m30s", "--max-unhealthy-percent", "5", "--wave-deadline", "2h",
                "--allow-policy-switch", "--idempotency-key", "change-4711");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body()).isEqualTo(json("""
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"version": "latest", "sku": "24_04-lts"},
                 "strategy": {"mode": "BATCH", "batchSize": 3, "batchPercent": 20, "pauseBetweenWaves": "PT30S",
                              "prioritizeUnhealthy": true},
                 "approval": {"mode": "FIRST_WAVE"},
                 "health": {"timeout": "PT30M", "minReady": "PT1M30S", "maxUnhealthyPercent": 5, "waveDeadline": "PT2H"},
                 "onFailure": "ROLLBACK",
                 "allowPolicySwitch": true}""".formatted(SUBSCRIPTION)));
        assertThat(api.last().header("Idempotency-Key")).isEqualTo("change-4711");
        assertThat(api.last().header("Content-Type")).isEqualTo("application/json");
        assertThat(api.last().header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void instanceListImpliesTheInstancesStrategy() throws Exception {
        cli.env.put("VMSS_ROLLOUT_SUBSCRIPTION", SUBSCRIPTION);

        TestCli.Result result = cli.run("submit", "-g", "demo-rg", "-n", "web", "--image-id",
                "/subscriptions/s/resourceGroups/img/providers/Microsoft.Compute/galleries/g/images/ubuntu/versions/1.2.0",
                "--instances", "1,2, 3");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body()).isEqualTo(json("""
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"id": "/subscriptions/s/resourceGroups/img/providers/Microsoft.Compute/galleries/g/images/ubuntu/versions/1.2.0"},
                 "strategy": {"mode": "INSTANCES", "instanceIds": ["1", "2", "3"]}}""".formatted(SUBSCRIPTION)));
    }

    @Test
    void apiSpellingOfChoicesIsAcceptedToo() throws Exception {
        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--custom-uri", "https://images.blob.core.windows.net/vhds/os.vhd", "--by", "FAULT_DOMAIN",
                "--approve", "EVERY_WAVE", "--on-failure", "Abort");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body()).isEqualTo(json("""
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"osDiskImageUri": "https://images.blob.core.windows.net/vhds/os.vhd"},
                 "strategy": {"mode": "FAULT_DOMAIN"},
                 "approval": {"mode": "EVERY_WAVE"},
                 "onFailure": "ABORT"}""".formatted(SUBSCRIPTION)));
    }

    @Test
    void subscriptionComesFromTheConfigFileWhenNeitherFlagNorEnvironmentGiveOne() throws Exception {
        Path config = home.resolve(".config/vmss-rollout/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "subscription: 11111111-1111-1111-1111-111111111111\n");

        TestCli.Result result = cli.run("submit", "-g", "demo-rg", "-n", "web", "--image-version", "1.2.3");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(body().at("/target/subscriptionId").asText()).isEqualTo("11111111-1111-1111-1111-111111111111");
    }

    @Test
    void refusesTwoImagesBeforeAskingTheApi() {
        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--image-version", "1.2.3", "--image-id", "/subscriptions/x");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("give one image: --image-version V, --sku S [--image-version V], --image-id ID "
                + "or --custom-uri URI");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void listsEveryProblemOfTheFlagsAtOnce() {
        TestCli.Result result = cli.run("submit", "-n", "web", "--by", "domains", "--pause-between-waves", "soon");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("the plan flags have 5 problems")
                .contains("--subscription is required: no default subscription is set (set VMSS_ROLLOUT_SUBSCRIPTION "
                        + "or subscription in the config file; the local stack's is " + SUBSCRIPTION + ")")
                .contains("--resource-group is required")
                .contains("which image?")
                .contains("--by 'domains' is not one of update-domain, fault-domain, zone, batch, instances")
                .contains("--pause-between-waves 'soon' is not a duration such as PT30S, 30s, 5m or 1h30m");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void instancesWithAnotherGroupingIsRefused() {
        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--image-version", "1", "--by", "zone", "--instances", "1");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--instances goes with --by instances, not --by zone");
    }

    @Test
    void passwordIsAskedForOnlyOnceTheFlagsAreKnownToBeGood() {
        cli.env.remove("VMSS_ROLLOUT_PASSWORD");
        cli.answersPrompt("typed");

        TestCli.Result wrong = cli.run("submit", "-g", "demo-rg");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(cli.prompts).isEmpty();

        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--image-version", "1");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(cli.prompts).containsExactly("Password for alice at " + api.url() + ": ");
        assertThat(api.last().header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:typed".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void badWatchIntervalIsRefusedBeforeAnythingIsSubmitted() {
        TestCli.Result result = cli.run("submit", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--image-version", "1", "--watch", "--interval", "soon");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--interval 'soon' is not a duration such as 2s or PT2S");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void mistypedOptionIsAUsageErrorWithASuggestion() {
        TestCli.Result result = cli.run("submit", "--image-versoin=1");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--image-versoin=1'").contains("--image-version")
                .contains("See 'vmss-rollout submit --help'.");
    }

    @Test
    void previewSendsTheSameBodyAndShowsTheWaves() throws Exception {
        api.json("POST", "/api/v1/rollouts/preview", 200, """
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "model": {"image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                                     "version": "24.04.202409010"},
                           "upgradePolicy": "Manual", "capacity": 6, "provisioningState": "Succeeded"},
                 "targetImage": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                                 "version": "24.04.202410010"},
                 "capacity": 6,
                 "waves": [{"index": 0, "label": "update domains 0, 1", "instanceIds": ["0", "1", "2"]},
                           {"index": 1, "label": "update domain 2", "instanceIds": ["3", "4"]}],
                 "skipped": ["5"], "instancesToUpgrade": 5, "largestWave": 3,
                 "warnings": ["minReady is 0: an instance counts as healthy the moment it reports so"]}"""
                .formatted(SUBSCRIPTION));

        TestCli.Result result = cli.run("preview", "--subscription", SUBSCRIPTION, "-g", "demo-rg", "-n", "web",
                "--image-version", "24.04.202410010", "--batch-size", "3", "--wave-deadline", "PT45M");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().path()).isEqualTo("/api/v1/rollouts/preview");
        assertThat(body()).isEqualTo(json("""
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"version": "24.04.202410010"},
                 "strategy": {"mode": "BATCH", "batchSize": 3},
                 "health": {"waveDeadline": "PT45M"}}""".formatted(SUBSCRIPTION)));
        assertThat(result.out())
                .contains("now     Canonical:ubuntu-24_04-lts:server:24.04.202409010, upgrade policy Manual, 6 instances")
                .contains("target  Canonical:ubuntu-24_04-lts:server:24.04.202410010")
                .contains("2 waves, 5 instances to upgrade, at most 3 out of service at once")
                .containsPattern("wave 1 +update domains 0, 1 +3 instances +0\\. +1\\. +2\\.")
                .containsPattern("skipped +already on the target image +1 instances +5-")
                .contains("minReady is 0")
                .contains("nothing was changed");
    }

    private JsonNode body() throws Exception {
        return JSON.readTree(api.last().body());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
