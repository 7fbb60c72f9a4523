package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** What {@code POST /api/v1/rollouts/preview} answered: the scale set now, the target, and the waves. */
public final class PreviewScreen {

    private final Style style;
    private final int width;

    public PreviewScreen(Terminal terminal) {
        this.style = new Style(terminal);
        this.width = terminal.width();
    }

    public List<String> render(JsonNode preview) {
        List<String> lines = new ArrayList<>();
        JsonNode target = preview.path("target");
        JsonNode model = preview.path("model");
        lines.add(style.bold("preview of " + target.path("resourceGroup").asText("?") + "/"
                + target.path("scaleSet").asText("?")) + "  (subscription " + target.path("subscriptionId").asText("?")
                + "; nothing was changed)");
        lines.add("now     " + image(model.path("image")) + ", upgrade policy " + model.path("upgradePolicy").asText("?")
                + ", " + model.path("capacity").asText("?") + " instances"
                + (model.hasNonNull("provisioningState") ? ", " + model.path("provisioningState").asText() : ""));
        lines.add("target  " + image(preview.path("targetImage")));
        JsonNode waves = preview.path("waves");
        lines.add("waves   " + waves.size() + " wave" + (waves.size() == 1 ? "" : "s") + ", "
                + preview.path("instancesToUpgrade").asText("?") + " instances to upgrade, at most "
                + preview.path("largestWave").asText("?") + " out of service at once");
        lines.add("");

        List<Heatmap.Row> rows = new ArrayList<>();
        for (JsonNode wave : waves) {
            List<RolloutSnapshot.Instance> instances = new ArrayList<>();
            wave.path("instanceIds").forEach(id -> instances.add(new RolloutSnapshot.Instance(id.asText(), "PENDING")));
            rows.add(new Heatmap.Row("wave " + (wave.path("index").asInt() + 1), wave.path("label").asText(""),
                    instances.size() + " instances", instances));
        }
        List<RolloutSnapshot.Instance> skipped = new ArrayList<>();
        preview.path("skipped").forEach(id -> skipped.add(new RolloutSnapshot.Instance(id.asText(), "SKIPPED")));
        if (!skipped.isEmpty()) {
            rows.add(new Heatmap.Row("skipped", "already on the target image", skipped.size() + " instances", skipped));
        }
        Heatmap.render(rows, style, width).forEach(line -> lines.add(line.stripTrailing()));

        JsonNode warnings = preview.path("warnings");
        if (warnings.size() > 0) {
            lines.add("");
            lines.add(style.paint("warnings:", "33;1"));
            warnings.forEach(w -> lines.add("  - " + w.asText()));
        }
        return lines;
    }

    /** publisher:offer:sku:version for a platform image, else the gallery ID or the custom image URI. */
    static String image(JsonNode image) {
        if (image == null || image.isMissingNode() || image.isNull()) {
            return "?";
        }
        if (image.hasNonNull("id")) {
            return image.get("id").asText();
        }
        if (image.hasNonNull("osDiskImageUri")) {
            return image.get("osDiskImageUri").asText();
        }
        return image.path("publisher").asText("?") + ":" + image.path("offer").asText("?") + ":"
                + image.path("sku").asText("?") + ":" + image.path("version").asText("?");
    }
}
