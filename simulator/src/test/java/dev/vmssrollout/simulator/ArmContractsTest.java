package dev.vmssrollout.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource Manager's smaller contracts: a required and known {@code api-version}, {@code ResourceGroupNotFound} and
 * {@code ParentResourceNotFound}, {@code x-ms-routing-request-id}, JSON with its charset, {@code instanceIds: ["*"]},
 * a failed operation's monitor answering its CloudError, and a scale set instance view that tells the truth.
 */
class ArmContractsTest {
    private static final String TOKEN = "contracts-token";
    private static Simulator simulator;
    private static RawArm arm;

    @BeforeAll
    static void start() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).build());
        arm = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void apiVersionIsRequiredWellFormedAndOneComputeServes() {
        ScaleSetKey key = create("versions", ScaleSetFixture.fastSpec().capacity(2).build());
        String path = RawArm.scaleSetPath(key);

        assertError(arm.get(path, TOKEN), 400, "MissingApiVersionParameter");
        assertError(arm.get(path + "?api-version=latest", TOKEN), 400, "InvalidApiVersionParameter");
        assertError(arm.get(path + "?api-version=2099-01-01", TOKEN), 400, "NoRegisteredProviderFound");
        assertThat(arm.get(path + "?api-version=2024-11-01", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void answersCarryARoutingRequestIdAndJsonWithItsCharset() {
        ScaleSetKey key = create("headers", ScaleSetFixture.fastSpec().capacity(2).location("westeurope").build());

        HttpResponse<String> response = arm.get(RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, TOKEN);

        String requestId = response.headers().firstValue("x-ms-request-id").orElseThrow();
        assertThat(response.headers().firstValue("x-ms-routing-request-id")).get().asString()
            .matches("WESTEUROPE:\\d{8}T\\d{6}Z:" + requestId);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    }

    @Test
    void aMissingResourceGroupAndAMissingParentAreNamedAsArmNamesThem() {
        ScaleSetKey key = create("present", ScaleSetFixture.fastSpec().capacity(2).build());
        ScaleSetKey noGroup = ScaleSetKey.of(key.subscriptionId(), "no-such-rg", "web");
        ScaleSetKey noScaleSet = ScaleSetKey.of(key.subscriptionId(), key.resourceGroup(), "absent");

        assertError(arm.get(RawArm.scaleSetPath(noGroup) + "?" + RawArm.API_VERSION, TOKEN), 404,
            "ResourceGroupNotFound");
        assertError(arm.get(RawArm.scaleSetPath(noScaleSet) + "/virtualMachines?" + RawArm.API_VERSION, TOKEN), 404,
            "ParentResourceNotFound");
        assertError(arm.get(RawArm.scaleSetPath(noScaleSet) + "?" + RawArm.API_VERSION, TOKEN), 404,
            "ResourceNotFound");
    }

    @Test
    void aManualUpgradeOfStarUpgradesEveryInstance() {
        ScaleSetKey key = create("star", ScaleSetFixture.fastSpec().capacity(4).build());
        changeImage(key);

        HttpResponse<String> accepted = arm.send("POST", RawArm.scaleSetPath(key) + "/manualupgrade?"
            + RawArm.API_VERSION, TOKEN, "{\"instanceIds\":[\"*\"]}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("x-ms-request-charge")).hasValue("4");
        assertThat(simulator.report(key).upgradeCounts()).containsOnlyKeys("0", "1", "2", "3")
            .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aFailedOperationsMonitorAnswersItsCloudErrorAndTheInstanceViewsSayFailed() {
        ScaleSetKey key = create("failing", ScaleSetFixture.fastSpec().capacity(2).upgradeMillis(1500).build());
        simulator.setFaults(key, Faults.builder().failingInstances("1").build());
        changeImage(key);

        HttpResponse<String> accepted = arm.send("POST", RawArm.scaleSetPath(key) + "/manualupgrade?"
            + RawArm.API_VERSION, TOKEN, "{\"instanceIds\":[\"0\",\"1\"]}");
        String monitor = accepted.headers().firstValue("Location").orElseThrow()
            .substring(simulator.baseUrl().toString().length());
        assertThat(arm.get(monitor, TOKEN).statusCode()).as("running").isEqualTo(202);
        assertThat(scaleSetStatus(key)).isEqualTo("ProvisioningState/updating");

        HttpResponse<String> ended = await(() -> arm.get(monitor, TOKEN), response -> response.statusCode() != 202);

        assertError(ended, 409, "VMUpgradeFailed");
        assertThat(scaleSetStatus(key)).isEqualTo("ProvisioningState/failed/VMUpgradeFailed");
        JsonNode vm = RawArm.json(arm.get(RawArm.scaleSetPath(key) + "/virtualMachines/1/instanceView?"
            + RawArm.API_VERSION, TOKEN));
        assertThat(vm.path("statuses").get(0).path("code").asText()).isEqualTo("ProvisioningState/failed/VMUpgradeFailed");
        JsonNode summary = RawArm.json(arm.get(RawArm.scaleSetPath(key) + "/instanceView?" + RawArm.API_VERSION, TOKEN))
            .path("virtualMachine").path("statusesSummary");
        assertThat(summary).allSatisfy(status -> assertThat(status.path("code").asText()).startsWith("ProvisioningState/"));
        assertThat(summary.findValues("count").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(2);
    }

    private static String scaleSetStatus(ScaleSetKey key) {
        return RawArm.json(arm.get(RawArm.scaleSetPath(key) + "/instanceView?" + RawArm.API_VERSION, TOKEN))
            .path("statuses").get(0).path("code").asText();
    }

    private static void changeImage(ScaleSetKey key) {
        HttpResponse<String> patched = arm.send("PATCH", RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, TOKEN,
            "{\"properties\":{\"virtualMachineProfile\":{\"storageProfile\":{\"imageReference\":{\"version\":\""
                + ScaleSetFixture.NEXT_VERSION + "\"}}}}}");
        assertThat(patched.statusCode()).isEqualTo(200);
        await(() -> RawArm.json(arm.get(RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, TOKEN)),
            model -> model.path("properties").path("provisioningState").asText().equals("Succeeded"));
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        T value = read.get();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the poll interval, not a wait for an outcome
            value = read.get();
        }
        assertThat(done.test(value)).as("condition met within 20 s: %s", value).isTrue();
        return value;
    }

    private static ScaleSetKey create(String name, ScaleSetSpec spec) {
        ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, ScaleSetFixture.RESOURCE_GROUP, name);
        simulator.createScaleSet(key, spec);
        return key;
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(RawArm.json(response).path("error").path("code").asText()).isEqualTo(code);
    }
}
