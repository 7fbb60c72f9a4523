package dev.vmssrollout.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin endpoint as curl would use it: no token, JSON in and out, report field names as in DESIGN.md. */
class AdminEndpointTest {
    private static final ScaleSetKey WEB = ScaleSetKey.of("00000000-0000-0000-0000-000000000000", "demo-rg", "web");
    private static Simulator simulator;
    private static RawArm raw;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).pageSize(7).build());
        raw = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void createsTheDemoScaleSetWithUpdateAndFaultDomainsZeroToFour() {
        HttpResponse<String> created = raw.send("PUT", RawArm.adminPath(WEB), null, """
            {"capacity":20, "upgradePolicy":"Manual",
             "image":{"publisher":"Canonical","offer":"ubuntu-24_04-lts","sku":"server","version":"24.04.202409010"},
             "upgradeMillis":2000, "bootMillis":1000, "zones":["1","2","3"]}""");

        assertThat(created.statusCode()).isEqualTo(200);
        HttpResponse<String> vm = raw.get(RawArm.scaleSetPath(WEB) + "/virtualMachines/13?$expand=instanceView&"
            + RawArm.API_VERSION, "any");
        JsonNode body = RawArm.json(vm);
        assertThat(body.at("/properties/instanceView/platformUpdateDomain").asInt()).isEqualTo(3);
        assertThat(body.at("/properties/instanceView/platformFaultDomain").asInt()).isEqualTo(3);
        assertThat(body.at("/zones/0").asText()).isEqualTo("2");
        assertThat(body.at("/name").asText()).isEqualTo("web_13");
    }

    @Test
    void setsFaultsAndReportsWithTheContractFieldNames() {
        ScaleSetKey key = ScaleSetKey.of(WEB.subscriptionId(), WEB.resourceGroup(), "admin-report");
        simulator.createScaleSet(key, ScaleSetFixture.fastSpec().build());
        HttpResponse<String> faults = raw.send("PUT", RawArm.adminPath(key) + "/faults", null, """
            {"failingInstances":["2"], "throttling":{"readsPerWindow":1, "readWindowMillis":60000,
             "retryAfterSeconds":30}}""");
        raw.get(RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, "t");
        raw.get(RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, "t");

        JsonNode report = RawArm.json(raw.get(RawArm.adminPath(key) + "/report", null));

        assertThat(faults.statusCode()).isEqualTo(200);
        assertThat(simulator.report(key).throttled()).isEqualTo(1);
        assertThat(report.fieldNames()).toIterable()
            .contains("capacity", "minInService", "upgradeCounts", "armRequests", "throttled");
        assertThat(report.path("capacity").asInt()).isEqualTo(20);
        assertThat(report.path("minInService").asInt()).isEqualTo(20);
        assertThat(report.at("/upgradeCounts/19").asInt()).isZero();
        assertThat(report.at("/armRequests/GetScaleSet").asInt()).isEqualTo(2);
        assertThat(report.path("throttled").asInt()).isEqualTo(1);
    }

    @Test
    void resetStartsAFreshReport() {
        ScaleSetKey key = ScaleSetKey.of(WEB.subscriptionId(), WEB.resourceGroup(), "admin-reset");
        simulator.createScaleSet(key, ScaleSetFixture.fastSpec().build());
        raw.get(RawArm.scaleSetPath(key) + "?" + RawArm.API_VERSION, "t");

        HttpResponse<String> reset = raw.send("POST", RawArm.adminPath(key) + "/report/reset", null, null);

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(simulator.report(key).armRequests()).isEmpty();
        assertThat(raw.send("DELETE", RawArm.adminPath(key) + "/report", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void runningInstancesTurnUnhealthyAndBackWhenTheirApplicationSaysSo() {
        ScaleSetKey key = ScaleSetKey.of(WEB.subscriptionId(), WEB.resourceGroup(), "admin-health");
        simulator.createScaleSet(key, ScaleSetFixture.fastSpec().build());
        String vm = RawArm.scaleSetPath(key) + "/virtualMachines/3?$expand=instanceView&" + RawArm.API_VERSION;
        String code = "/properties/instanceView/vmHealth/status/code";
        String health = RawArm.adminPath(key) + "/health";

        HttpResponse<String> sick = raw.send("PUT", health, null, "{\"health\":\"unhealthy\"}");
        String reportedSick = RawArm.json(raw.get(vm, "t")).at(code).asText();
        int inServiceWhileSick = simulator.report(key).minInService();
        HttpResponse<String> healed = raw.send("PUT", health, null, "{\"health\":\"healthy\"}");
        HttpResponse<String> nonsense = raw.send("PUT", health, null, "{\"health\":\"meh\"}");

        assertThat(sick.statusCode()).isEqualTo(200);
        assertThat(RawArm.json(sick).path("changed").asInt()).isEqualTo(20);
        assertThat(reportedSick).isEqualTo("HealthState/unhealthy");
        assertThat(inServiceWhileSick).as("an unhealthy instance is out of service").isZero();
        assertThat(RawArm.json(healed).path("changed").asInt()).isEqualTo(20);
        assertThat(RawArm.json(raw.get(vm, "t")).at(code).asText()).isEqualTo("HealthState/healthy");
        assertThat(nonsense.statusCode()).isEqualTo(400);
        assertThat(RawArm.json(nonsense).at("/error/message").asText()).contains("healthy", "meh");
    }

    @Test
    void rejectsMalformedAdminRequests() {
        HttpResponse<String> noImage = raw.send("PUT", RawArm.adminPath(WEB.withName("bad")), null, "{\"capacity\":3}");
        HttpResponse<String> badRate = raw.send("PUT", RawArm.adminPath(WEB) + "/faults", null,
            "{\"transient5xxRate\":2}");
        HttpResponse<String> unknown = raw.get(RawArm.adminPath(WEB.withName("missing")) + "/report", null);

        assertThat(noImage.statusCode()).isEqualTo(400);
        assertThat(badRate.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(RawArm.json(unknown).at("/error/code").asText()).isEqualTo("ResourceNotFound");
    }
}
