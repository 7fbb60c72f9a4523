package dev.vmssrollout.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Azure's role-based access check with the custom role docs/azure.md tells users to create (read from that page, so
 * the page and this test cannot drift apart): the role may change the image with a PATCH, while a full PUT of the same
 * scale set also needs the network join actions the role does not grant, as Azure answers with
 * {@code LinkedAuthorizationFailed}.
 */
class RoleBasedAccessTest {
    private static final String GALLERY_IMAGE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
        + "images-rg/providers/Microsoft.Compute/galleries/golden/images/web/versions/1.2.0";
    private static Simulator simulator;
    private static RawArm raw;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).role(documentedRole()).build());
        raw = new RawArm(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** The JSON block of docs/azure.md that defines "VMSS Rollout Operator". */
    static RoleDefinition documentedRole() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "azure.md"));
        Matcher block = Pattern.compile("```json\\n(\\{\\s*\"Name\": \"VMSS Rollout Operator\".*?)```", Pattern.DOTALL)
            .matcher(page);
        assertThat(block.find()).as("docs/azure.md defines the custom role in a json block").isTrue();
        return RoleDefinition.parse(block.group(1));
    }

    @Test
    void theDocumentedRoleReadsAndPatchesTheImageButAFullPutAlsoNeedsTheSubnet() {
        ScaleSetKey web = scaleSet("web");
        HttpResponse<String> model = raw.get(path(web, ""), "t");
        assertThat(model.statusCode()).isEqualTo(200);

        HttpResponse<String> put = raw.send("PUT", path(web, ""), "t", model.body());
        HttpResponse<String> patch = raw.send("PATCH", path(web, ""), "t", "{\"properties\":{\"virtualMachineProfile\":"
            + "{\"storageProfile\":{\"imageReference\":{\"publisher\":\"Canonical\",\"offer\":\"ubuntu-24_04-lts\","
            + "\"sku\":\"server\",\"version\":\"" + ScaleSetFixture.NEXT_VERSION + "\"}}}}}");

        assertThat(put.statusCode()).isEqualTo(403);
        JsonNode error = RawArm.json(put).path("error");
        assertThat(error.path("code").asText()).isEqualTo("LinkedAuthorizationFailed");
        String subnet = RawArm.json(model).findValue("subnet").path("id").asText();
        assertThat(error.path("message").asText())
            .contains("has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope '/"
                + RawArm.scaleSetPath(web) + "'")
            .contains("'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '" + subnet + "'");
        assertThat(patch.statusCode()).as(patch.body()).isBetween(200, 202);
        assertThat(RawArm.json(raw.get(path(web, ""), "t")).findValue("imageReference").path("version").asText())
            .isEqualTo(ScaleSetFixture.NEXT_VERSION);
    }

    @Test
    void anActionTheRoleDoesNotGrantIsRefusedWithItsNameAndScope() {
        ScaleSetKey api = scaleSet("api");

        HttpResponse<String> reimage = raw.send("POST", path(api, "/reimage"), "t", "{\"instanceIds\":[\"0\"]}");
        HttpResponse<String> upgrade = raw.send("POST", path(api, "/manualupgrade"), "t", "{\"instanceIds\":[\"0\"]}");

        assertThat(reimage.statusCode()).isEqualTo(403);
        JsonNode error = RawArm.json(reimage).path("error");
        assertThat(error.path("code").asText()).isEqualTo("AuthorizationFailed");
        assertThat(error.path("message").asText()).contains("does not have authorization to perform action "
            + "'Microsoft.Compute/virtualMachineScaleSets/reimage/action' over scope '/" + RawArm.scaleSetPath(api) + "'");
        assertThat(simulator.report(api).armRequests("Reimage")).as("refused before it reached the scale set").isZero();
        assertThat(upgrade.statusCode()).as("manualUpgrade/action is granted").isEqualTo(202);
    }

    @Test
    void aGalleryImageNeedsReadAccessToTheGalleryAsTheDocsSay() throws Exception {
        RoleDefinition documented = documentedRole();
        assertThat(documented.allows("Microsoft.Compute/galleries/images/versions/read")).isFalse();
        ScaleSetKey batch = scaleSet("batch");
        String toGallery = "{\"properties\":{\"virtualMachineProfile\":{\"storageProfile\":{\"imageReference\":"
            + "{\"id\":\"" + GALLERY_IMAGE + "\"}}}}}";

        HttpResponse<String> refused = raw.send("PATCH", path(batch, ""), "t", toGallery);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(RawArm.json(refused).path("error").path("code").asText()).isEqualTo("LinkedAuthorizationFailed");
        assertThat(RawArm.json(refused).path("error").path("message").asText())
            .contains("'Microsoft.Compute/galleries/images/versions/read' on the linked scope(s) '" + GALLERY_IMAGE + "'");
    }

    @Test
    void wildcardsAndNotActionsMatchAsInAzureIgnoringCase() {
        RoleDefinition role = RoleDefinition.parse("{\"properties\":{\"roleName\":\"r\",\"permissions\":[{"
            + "\"actions\":[\"Microsoft.Compute/*\"],\"notActions\":[\"Microsoft.Compute/*/delete\"]}]}}");

        assertThat(role.allows("microsoft.compute/virtualMachineScaleSets/WRITE")).isTrue();
        assertThat(role.allows("Microsoft.Compute/virtualMachineScaleSets/delete")).isFalse();
        assertThat(role.allows("Microsoft.Network/virtualNetworks/subnets/join/action")).isFalse();
        assertThatThrownBy(() -> RoleDefinition.parse("{\"Name\":\"empty\",\"Actions\":[]}"))
            .hasMessageContaining("at least one action");
        assertThatThrownBy(() -> RoleDefinition.parse("[1]")).hasMessageContaining("JSON object");
    }

    @Test
    void theCommandLineTakesARoleDefinitionFile() throws Exception {
        Path file = Files.createTempFile("role", ".json");
        Files.writeString(file, "{\"Name\":\"reader\",\"Actions\":[\"Microsoft.Compute/*/read\"]}");

        SimulatorOptions options = SimulatorMain.parse("--role", file.toString());

        assertThat(options.role().name()).isEqualTo("reader");
        assertThat(options.role().actions()).isEqualTo(List.of("Microsoft.Compute/*/read"));
        assertThatThrownBy(() -> SimulatorMain.parse("--role", file.resolveSibling("missing.json").toString()))
            .hasMessageContaining("--role: cannot read");
    }

    private ScaleSetKey scaleSet(String name) {
        ScaleSetKey key = ScaleSetKey.of("20000000-0000-0000-0000-000000000001", ScaleSetFixture.RESOURCE_GROUP, name);
        simulator.createScaleSet(key, ScaleSetFixture.fastSpec().build());
        return key;
    }

    private static String path(ScaleSetKey key, String suffix) {
        return RawArm.scaleSetPath(key) + suffix + "?" + RawArm.API_VERSION;
    }
}
