package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.compute.RollingUpgradePolicy;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetModel;
import dev.vmssrollout.simulator.compute.ScaleSetSetup;
import dev.vmssrollout.simulator.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The scale set resource as ARM shows it, and the model changes a PUT or PATCH body asks for. */
final class ScaleSetJson {
    static final String TYPE = "Microsoft.Compute/virtualMachineScaleSets";

    private ScaleSetJson() {
    }

    static ObjectNode render(ScaleSet scaleSet, String provisioningState) {
        ScaleSetKey key = scaleSet.key();
        ScaleSetSetup setup = scaleSet.setup();
        ScaleSetModel model = scaleSet.model();
        ObjectNode root = Json.object().put("id", key.resourceId()).put("name", key.name()).put("type", TYPE)
            .put("location", setup.location()).put("etag", scaleSet.etag());
        Map<String, String> tags = scaleSet.tags();
        if (!tags.isEmpty()) {
            ObjectNode tagsNode = root.putObject("tags");
            new TreeMap<>(tags).forEach(tagsNode::put);
        }
        root.putObject("sku").put("name", model.vmSize()).put("tier", model.skuTier()).put("capacity", model.capacity());
        if (!setup.zones().isEmpty()) {
            setup.zones().forEach(root.putArray("zones")::add);
        }
        ObjectNode properties = root.putObject("properties")
            .put("singlePlacementGroup", true).put("orchestrationMode", "Uniform").put("overprovision", false);
        renderUpgradePolicy(properties.putObject("upgradePolicy"), model);
        ObjectNode profile = properties.putObject("virtualMachineProfile");
        profile.putObject("osProfile").put("computerNamePrefix", model.computerNamePrefix())
            .put("adminUsername", model.adminUsername())
            .putObject("linuxConfiguration").put("disablePasswordAuthentication", true);
        ImageJson.render(profile.putObject("storageProfile"), model.image(), false);
        renderNetworkProfile(profile.putObject("networkProfile"), key);
        if (setup.hasHealthExtension()) {
            renderHealthExtension(profile.putObject("extensionProfile"));
        }
        properties.put("provisioningState", provisioningState).put("uniqueId", setup.uniqueId())
            .put("timeCreated", setup.timeCreated().toString())
            .put("platformFaultDomainCount", setup.faultDomains());
        return root;
    }

    /** The model a PUT ({@code mergeImageFields=false}) or PATCH body asks for; absent parts stay as they are. */
    static ScaleSetModel apply(JsonNode body, ScaleSetModel current, boolean mergeImageFields) {
        if (!body.isObject()) {
            throw ArmException.invalidParameter("The request body must be a virtual machine scale set object.");
        }
        JsonNode sku = body.path("sku");
        ScaleSetModel next = current.withSku(textOr(sku.path("name"), current.vmSize()),
            textOr(sku.path("tier"), current.skuTier()),
            sku.path("capacity").isNumber() ? sku.path("capacity").asInt() : current.capacity());
        JsonNode properties = body.path("properties");
        JsonNode upgradePolicy = properties.path("upgradePolicy");
        if (upgradePolicy.isObject()) {
            UpgradeMode mode = upgradePolicy.hasNonNull("mode")
                ? UpgradeMode.parse(upgradePolicy.get("mode").asText()) : next.upgradeMode();
            next = next.withUpgradePolicy(mode, rollingPolicy(upgradePolicy.path("rollingUpgradePolicy"),
                next.rollingUpgradePolicy()));
        }
        JsonNode storageProfile = properties.path("virtualMachineProfile").path("storageProfile");
        return next.withImage(ImageJson.parse(storageProfile, next.image(), mergeImageFields));
    }

    /** A scale set created through ARM (not the admin endpoint) gets the default simulated timings. */
    static ScaleSetSpec createSpec(JsonNode body) {
        JsonNode storageProfile = body.path("properties").path("virtualMachineProfile").path("storageProfile");
        OsImage image = ImageJson.parse(storageProfile, null, false);
        if (image == null) {
            throw ArmException.invalidParameter("Required parameter 'storageProfile.imageReference' is missing.");
        }
        ScaleSetModel requested = apply(body, new ScaleSetModel(image, UpgradeMode.MANUAL, null,
            ScaleSetSpec.DEFAULT_VM_SIZE, null, 0, null, null), false);
        JsonNode faultDomains = body.path("properties").path("platformFaultDomainCount");
        List<String> zones = new ArrayList<>();
        body.path("zones").forEach(zone -> zones.add(zone.asText()));
        return ScaleSetSpec.builder()
            .capacity(requested.capacity())
            .upgradePolicy(requested.upgradeMode())
            .image(requested.image())
            .faultDomains(faultDomains.isInt() && faultDomains.asInt() > 0 ? faultDomains.asInt() : 5)
            .zones(zones)
            .location(body.path("location").asText(null))
            .vmSize(requested.vmSize())
            .tags(tags(body).orElse(Map.of()))
            .build();
    }

    /** The body's {@code tags}, when it has them: a PUT or PATCH that has them replaces them all, as ARM does. */
    static Optional<Map<String, String>> tags(JsonNode body) {
        JsonNode tags = body.path("tags");
        if (tags.isMissingNode() || tags.isNull()) {
            return Optional.empty();
        }
        if (!tags.isObject()) {
            throw ArmException.invalidParameter("The value of parameter 'tags' is invalid: it must be an object.");
        }
        Map<String, String> read = new LinkedHashMap<>();
        tags.fields().forEachRemaining(tag -> {
            if (!tag.getValue().isTextual()) {
                throw ArmException.invalidParameter("The value of tag '" + tag.getKey() + "' must be a string.");
            }
            read.put(tag.getKey(), tag.getValue().asText());
        });
        return Optional.of(read);
    }

    private static void renderUpgradePolicy(ObjectNode upgradePolicy, ScaleSetModel model) {
        upgradePolicy.put("mode", model.upgradeMode().armName());
        if (model.upgradeMode() == UpgradeMode.ROLLING) {
            RollingUpgradePolicy policy = model.rollingUpgradePolicy();
            upgradePolicy.putObject("rollingUpgradePolicy")
                .put("maxBatchInstancePercent", policy.maxBatchInstancePercent())
                .put("maxUnhealthyInstancePercent", policy.maxUnhealthyInstancePercent())
                .put("maxUnhealthyUpgradedInstancePercent", policy.maxUnhealthyUpgradedInstancePercent())
                .put("pauseTimeBetweenBatches", policy.pauseTimeBetweenBatches());
        }
    }

    private static RollingUpgradePolicy rollingPolicy(JsonNode node, RollingUpgradePolicy current) {
        if (!node.isObject()) {
            return current;
        }
        return new RollingUpgradePolicy(
            node.path("maxBatchInstancePercent").asInt(current.maxBatchInstancePercent()),
            node.path("maxUnhealthyInstancePercent").asInt(current.maxUnhealthyInstancePercent()),
            node.path("maxUnhealthyUpgradedInstancePercent").asInt(current.maxUnhealthyUpgradedInstancePercent()),
            node.path("pauseTimeBetweenBatches").asText(current.pauseTimeBetweenBatches()));
    }

    private static void renderNetworkProfile(ObjectNode networkProfile, ScaleSetKey key) {
        String subnetId = "/subscriptions/" + key.subscriptionId() + "/resourceGroups/" + key.resourceGroup()
            + "/providers/Microsoft.Network/virtualNetworks/" + key.name() + "-vnet/subnets/default";
        ObjectNode nic = networkProfile.putArray("networkInterfaceConfigurations").addObject()
            .put("name", key.name() + "-nic");
        ObjectNode nicProperties = nic.putObject("properties").put("primary", true);
        nicProperties.putArray("ipConfigurations").addObject().put("name", "ipconfig1")
            .putObject("properties").putObject("subnet").put("id", subnetId);
    }

    /** The Application Health extension as the portal adds it: an HTTP probe the VM agent reports as vmHealth. */
    private static void renderHealthExtension(ObjectNode extensionProfile) {
        ObjectNode extension = extensionProfile.putArray("extensions").addObject().put("name", "HealthExtension");
        extension.putObject("properties").put("publisher", "Microsoft.ManagedServices")
            .put("type", "ApplicationHealthLinux").put("typeHandlerVersion", "1.0").put("autoUpgradeMinorVersion", true)
            .putObject("settings").put("protocol", "http").put("port", 80).put("requestPath", "/health");
    }

    private static String textOr(JsonNode node, String fallback) {
        return node.isMissingNode() || node.isNull() ? fallback : node.asText();
    }
}
