package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.json.Json;

/** {@code storageProfile.imageReference} and {@code storageProfile.osDisk}, both ways. */
final class ImageJson {
    private ImageJson() {
    }

    /** Writes the image into a storage profile; {@code exactVersion} is what a VM (not a model) reports. */
    static void render(ObjectNode storageProfile, OsImage image, boolean withExactVersion) {
        if (image.kind() != OsImage.Kind.CUSTOM_URI) {
            ObjectNode reference = storageProfile.putObject("imageReference");
            reference.put("publisher", image.publisher()).put("offer", image.offer()).put("sku", image.sku())
                .put("version", image.version()).put("id", image.id());
            if (withExactVersion && image.kind() == OsImage.Kind.PLATFORM) {
                reference.put("exactVersion", image.version());
            }
            removeNulls(reference);
        }
        ObjectNode osDisk = storageProfile.putObject("osDisk")
            .put("osType", "Linux").put("createOption", "FromImage").put("caching", "ReadWrite");
        if (image.kind() == OsImage.Kind.CUSTOM_URI) {
            osDisk.put("name", "osdisk");
            osDisk.putObject("image").put("uri", image.customUri());
        } else {
            osDisk.putObject("managedDisk").put("storageAccountType", "Premium_LRS");
            osDisk.put("diskSizeGB", 30);
        }
    }

    /**
     * Reads the image of a PUT or PATCH storage profile, or returns {@code current} when the profile names none.
     * A PATCH merges single imageReference fields into the current platform image; a PUT replaces it whole.
     */
    static OsImage parse(JsonNode storageProfile, OsImage current, boolean mergeFields) {
        JsonNode reference = storageProfile.path("imageReference");
        String uri = text(storageProfile.path("osDisk").path("image").path("uri"));
        if (reference.isMissingNode() || reference.isNull()) {
            return uri != null ? OsImage.customUri(uri) : current;
        }
        if (!reference.isObject()) {
            throw ArmException.invalidParameter("imageReference must be an object.");
        }
        String publisher = text(reference.path("publisher"));
        String offer = text(reference.path("offer"));
        String sku = text(reference.path("sku"));
        String version = text(reference.path("version"));
        String id = text(reference.path("id"));
        boolean anyPlatform = publisher != null || offer != null || sku != null || version != null;
        if (mergeFields && anyPlatform && id == null && current != null
            && current.kind() == OsImage.Kind.PLATFORM) {
            publisher = publisher != null ? publisher : current.publisher();
            offer = offer != null ? offer : current.offer();
            sku = sku != null ? sku : current.sku();
            version = version != null ? version : current.version();
        }
        if (!anyPlatform && id == null && uri == null) {
            return current;
        }
        return OsImage.of(publisher, offer, sku, version, id, uri);
    }

    static ObjectNode toAdminJson(OsImage image) {
        ObjectNode node = Json.object().put("publisher", image.publisher()).put("offer", image.offer())
            .put("sku", image.sku()).put("version", image.version()).put("id", image.id())
            .put("uri", image.customUri());
        removeNulls(node);
        return node;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static void removeNulls(ObjectNode node) {
        node.properties().removeIf(entry -> entry.getValue().isNull());
    }
}
