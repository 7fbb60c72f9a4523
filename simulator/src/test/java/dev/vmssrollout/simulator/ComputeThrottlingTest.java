package dev.vmssrollout.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute's throttling as the simulator applies it: a budget per policy with a short and a 30-minute window, counted
 * per subscription and region, batched VM requests charged per instance, and Compute's headers and 429 body. One
 * simulator with Compute's limits serves every test; each test has subscriptions of its own, so budgets of its own.
 */
class ComputeThrottlingTest {
    private static Simulator simulator;
    private static RawArm raw;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).throttling(Throttling.compute()).build());
        raw = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** A scale set's faults may set the budgets of its whole subscription and region. */
    private static void limit(ScaleSetKey member, Throttling throttling) {
        simulator.setFaults(member, Faults.builder().throttling(throttling).build());
    }

    @Test
    void eachRequestSpendsItsOwnPolicyAndTheHeadersSayWhich() {
        ScaleSetKey web = scaleSet("10000000-0000-0000-0000-000000000001", "web", "westeurope");

        HttpResponse<String> model = raw.get(path(web, ""), "t");
        HttpResponse<String> list = raw.get(path(web, "/virtualMachines") + "&$expand=instanceView", "t");
        HttpResponse<String> upgrade = raw.send("POST", path(web, "/manualupgrade"), "t",
            "{\"instanceIds\":[\"0\",\"5\",\"10\"]}");

        assertThat(model.headers().firstValue("x-ms-ratelimit-remaining-resource")).hasValue(
            "Microsoft.Compute/GetVMScaleSet3Min;199,Microsoft.Compute/GetVMScaleSet30Min;1299");
        assertThat(model.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads")).hasValue("11999");
        assertThat(list.headers().firstValue("x-ms-ratelimit-remaining-resource")).hasValue(
            "Microsoft.Compute/HighCostGetVMScaleSet3Min;189,Microsoft.Compute/HighCostGetVMScaleSet30Min;899");
        assertThat(upgrade.statusCode()).isEqualTo(202);
        assertThat(upgrade.headers().firstValue("x-ms-request-charge")).as("one per instance named").hasValue("3");
        assertThat(upgrade.headers().firstValue("x-ms-ratelimit-remaining-resource")).hasValue(
            "Microsoft.Compute/VMScaleSetBatchedVMRequests5Min;1197,Microsoft.Compute/VMScaleSetBatchedVMRequests30Min;5997");
        assertThat(upgrade.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes")).hasValue("1199");

        String operation = upgrade.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        HttpResponse<String> poll = raw.get(operation.substring(simulator.baseUrl().toString().length()), "t");
        assertThat(poll.headers().firstValue("x-ms-ratelimit-remaining-resource")).as("polls spend their own budget")
            .hasValue("Microsoft.Compute/GetOperation3Min;3999,Microsoft.Compute/GetOperation30Min;23999");
    }

    @Test
    void theThirtyMinuteWindowRefusesWhenTheShortOneStillHasRoomWithComputesBody() {
        ScaleSetKey web = scaleSet("10000000-0000-0000-0000-000000000002", "web", "westeurope");
        limit(web, Throttling.compute().withLimit("HighCostGetVMScaleSet30Min", 3));
        String list = path(web, "/virtualMachines") + "&$expand=instanceView";
        for (int i = 0; i < 3; i++) {
            assertThat(raw.get(list, "t").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = raw.get(list, "t");
        HttpResponse<String> model = raw.get(path(web, ""), "t");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
            seconds -> assertThat(seconds).isBetween(1L, 1800L));
        JsonNode error = RawArm.json(refused).path("error");
        assertThat(error.path("code").asText()).isEqualTo("OperationNotAllowed");
        assertThat(error.path("message").asText()).contains("too many requests have been received for this subscription");
        JsonNode detail = error.path("details").path(0);
        assertThat(detail.path("code").asText()).isEqualTo("TooManyRequests");
        assertThat(detail.path("target").asText()).isEqualTo("HighCostGetVMScaleSet30Min");
        JsonNode counts = RawArm.json(detail.path("message").asText());
        assertThat(counts.path("operationGroup").asText()).isEqualTo("HighCostGetVMScaleSet30Min");
        assertThat(counts.path("allowedRequestCount").asInt()).isEqualTo(3);
        assertThat(counts.path("measuredRequestCount").asInt()).isEqualTo(4);
        assertThat(counts.path("startTime").asText()).isNotBlank();
        assertThat(counts.path("endTime").asText()).isNotBlank();
        assertThat(refused.headers().firstValue("x-ms-ratelimit-remaining-resource")).hasValue(
            "Microsoft.Compute/HighCostGetVMScaleSet3Min;187,Microsoft.Compute/HighCostGetVMScaleSet30Min;0");
        assertThat(model.statusCode()).as("the low-cost GET policy is a budget of its own").isEqualTo(200);
        assertThat(simulator.report(web).throttled()).isEqualTo(1);
    }

    @Test
    void aBatchedRequestIsChargedPerInstanceAndRefusedWholeWhenTheyDoNotFit() {
        ScaleSetKey web = scaleSet("10000000-0000-0000-0000-000000000003", "web", "westeurope");
        limit(web, Throttling.compute().withLimit("VMScaleSetBatchedVMRequests5Min", 6));

        HttpResponse<String> four = raw.send("POST", path(web, "/manualupgrade"), "t",
            "{\"instanceIds\":[\"0\",\"5\",\"10\",\"15\"]}");
        HttpResponse<String> threeMore = raw.send("POST", path(web, "/reimage"), "t",
            "{\"instanceIds\":[\"1\",\"6\",\"11\"]}");
        HttpResponse<String> everyInstance = raw.send("POST", path(web, "/reimage"), "t", "{\"instanceIds\":[\"*\"]}");

        assertThat(four.statusCode()).isEqualTo(202);
        assertThat(threeMore.statusCode()).isEqualTo(429);
        assertThat(RawArm.json(threeMore).at("/error/details/0/message").asText()).contains("\"measuredRequestCount\":7");
        assertThat(everyInstance.statusCode()).isEqualTo(429);
        assertThat(everyInstance.headers().firstValue("x-ms-request-charge")).as("* names all 20").hasValue("20");
        assertThat(simulator.report(web).throttled()).isEqualTo(2);
    }

    @Test
    void scaleSetsOfOneSubscriptionAndRegionShareABudgetOthersDoNot() {
        String subscription = "10000000-0000-0000-0000-000000000004";
        ScaleSetKey web = scaleSet(subscription, "web", "westeurope");
        ScaleSetKey api = scaleSet(subscription, "api", "westeurope");
        ScaleSetKey east = scaleSet(subscription, "east", "eastus");
        ScaleSetKey other = scaleSet("10000000-0000-0000-0000-000000000005", "web", "westeurope");
        limit(web, Throttling.compute().withLimit("GetVMScaleSet3Min", 2));
        limit(other, Throttling.compute().withLimit("GetVMScaleSet3Min", 2));
        limit(east, Throttling.compute().withLimit("GetVMScaleSet3Min", 2));

        assertThat(raw.get(path(web, ""), "t").statusCode()).isEqualTo(200);
        assertThat(raw.get(path(api, ""), "t").statusCode()).isEqualTo(200);

        assertThat(raw.get(path(web, ""), "t").statusCode()).isEqualTo(429);
        assertThat(raw.get(path(api, ""), "t").statusCode()).isEqualTo(429);
        assertThat(raw.get(path(east, ""), "t").statusCode()).as("another region").isEqualTo(200);
        assertThat(raw.get(path(other, ""), "t").statusCode()).as("another subscription").isEqualTo(200);
    }

    @Test
    void aScaleSetScopedFaultThrottlesThatScaleSetAlone() {
        String subscription = "10000000-0000-0000-0000-000000000006";
        ScaleSetKey web = scaleSet(subscription, "web", "westeurope");
        ScaleSetKey api = scaleSet(subscription, "api", "westeurope");
        simulator.setFaults(web, Faults.builder().throttling(new Throttling(1, 60_000, 10, 60_000, 7)).build());

        assertThat(raw.get(path(web, ""), "t").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = raw.get(path(web, ""), "t");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(raw.get(path(api, ""), "t").statusCode()).isEqualTo(200);
    }

    private ScaleSetKey scaleSet(String subscription, String name, String location) {
        ScaleSetKey key = ScaleSetKey.of(subscription, ScaleSetFixture.RESOURCE_GROUP, name);
        simulator.createScaleSet(key, ScaleSetFixture.fastSpec().location(location).build());
        return key;
    }

    private static String path(ScaleSetKey key, String suffix) {
        return RawArm.scaleSetPath(key) + suffix + "?" + RawArm.API_VERSION;
    }
}
