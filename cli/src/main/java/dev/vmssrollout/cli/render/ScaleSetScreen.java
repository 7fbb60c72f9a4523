package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/scalesets/...} for people: the model, then the instances as the grid vmsseditor users know,
 * one row per update domain and one column per fault domain. Each instance is its ID and a health symbol
 * ({@code *} when it does not run the latest model; its zone after an {@code @}), on the health's colour when
 * there is colour.
 */
public final class ScaleSetScreen {

    static final String NOT_LATEST = "*";

    private final Style style;

    public ScaleSetScreen(Terminal terminal) {
        this.style = new Style(terminal);
    }

    /** {@code GET /api/v1/scalesets?subscriptionId=...}: one line per scale set, then whether the list was cut. */
    public List<String> list(JsonNode list, String where) {
        List<String> lines = new ArrayList<>();
        JsonNode scaleSets = list.path("scaleSets");
        if (scaleSets.isEmpty()) {
            lines.add("no scale sets in " + where);
            return lines;
        }
        List<String[]> rows = new ArrayList<>();
        scaleSets.forEach(s -> rows.add(new String[]{s.path("resourceGroup").asText("?") + "/" + s.path("name").asText("?"),
                s.path("location").asText(""), s.path("capacity").asText("?"), s.path("upgradePolicy").asText("?"),
                PreviewScreen.image(s.path("image")), tags(s.path("tags"))}));
        int[] widths = Style.widths(LIST_HEADINGS, rows);
        lines.add(style.bold(Style.row(LIST_HEADINGS, widths)));
        rows.forEach(row -> lines.add(Style.row(row, widths)));
        if (list.path("truncated").asBoolean()) {
            lines.add("(the first " + scaleSets.size() + " of " + where + "; give --resource-group to see the rest)");
        }
        return lines;
    }

    private static final String[] LIST_HEADINGS = {"SCALE SET", "LOCATION", "INSTANCES", "POLICY", "IMAGE", "TAGS"};

    /** {@code env=prod,tier=web}, by name; what a release stage's {@code select.tags} matches. */
    private static String tags(JsonNode tags) {
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        tags.fields().forEachRemaining(tag -> sorted.put(tag.getKey(), tag.getValue().asText()));
        return String.join(",", sorted.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).toList());
    }

    public List<String> render(JsonNode scaleSet) {
        List<String> lines = new ArrayList<>();
        JsonNode target = scaleSet.path("target");
        JsonNode model = scaleSet.path("model");
        lines.add(style.bold("scale set " + target.path("subscriptionId").asText("?") + "/"
                + target.path("resourceGroup").asText("?") + "/" + target.path("scaleSet").asText("?")));
        lines.add("model    " + PreviewScreen.image(model.path("image")) + ", upgrade policy "
                + model.path("upgradePolicy").asText("?") + ", capacity " + model.path("capacity").asText("?")
                + ", " + model.path("provisioningState").asText("?")
                + (model.hasNonNull("conflictingOperation") ? ", busy: " + model.get("conflictingOperation").asText() : ""));
        JsonNode active = scaleSet.path("activeRollout");
        if (active.hasNonNull("id")) {
            lines.add("rollout  " + active.get("id").asText() + " " + style.state(active.path("state").asText("?")));
        }
        lines.add("");
        lines.addAll(grid(scaleSet.path("instances")));
        lines.add("legend:  " + swatch(InstanceLook.HEALTHY) + " healthy  " + swatch(InstanceLook.UNHEALTHY)
                + " unhealthy  " + swatch(InstanceLook.UPGRADING) + " updating  ? health unknown  "
                + NOT_LATEST + " not on the latest model  @ zone");
        return lines;
    }

    private List<String> grid(JsonNode instances) {
        Map<Integer, Map<Integer, List<String>>> cells = new TreeMap<>();
        TreeSet<Integer> faultDomains = new TreeSet<>();
        for (JsonNode instance : instances) {
            int ud = instance.path("updateDomain").asInt();
            int fd = instance.path("faultDomain").asInt();
            faultDomains.add(fd);
            cells.computeIfAbsent(ud, k -> new TreeMap<>()).computeIfAbsent(fd, k -> new ArrayList<>()).add(token(instance));
        }
        if (cells.isEmpty()) {
            return List.of("no instances");
        }
        Map<Integer, Integer> widths = new TreeMap<>();
        for (int fd : faultDomains) {
            int widest = ("FD " + fd).length();
            for (Map<Integer, List<String>> row : cells.values()) {
                widest = Math.max(widest, visible(row.getOrDefault(fd, List.of())));
            }
            widths.put(fd, widest);
        }
        int udWidth = ("UD " + cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(0)).length();
        List<String> lines = new ArrayList<>();
        StringBuilder heading = new StringBuilder(" ".repeat(udWidth));
        faultDomains.forEach(fd -> heading.append("  ").append(Style.pad("FD " + fd, widths.get(fd))));
        lines.add(style.bold(heading.toString().stripTrailing()));
        cells.forEach((ud, row) -> {
            StringBuilder line = new StringBuilder(Style.pad("UD " + ud, udWidth));
            for (int fd : faultDomains) {
                List<String> tokens = row.getOrDefault(fd, List.of());
                line.append("  ").append(String.join(" ", tokens))
                        .append(" ".repeat(widths.get(fd) - visible(tokens)));
            }
            lines.add(line.toString().stripTrailing());
        });
        return lines;
    }

    /** ID, health symbol, {@code *} when not on the latest model, {@code @zone}; painted by health. */
    private String token(JsonNode instance) {
        boolean updating = instance.path("updating").asBoolean(false);
        String health = instance.path("health").asText("UNKNOWN");
        InstanceLook look = updating ? InstanceLook.UPGRADING
                : "HEALTHY".equals(health) ? InstanceLook.HEALTHY
                : "UNHEALTHY".equals(health) ? InstanceLook.UNHEALTHY : null;
        String text = instance.path("instanceId").asText("?") + (look == null ? InstanceLook.UNKNOWN_SYMBOL : look.symbol)
                + (instance.path("latestModelApplied").asBoolean(true) ? "" : NOT_LATEST)
                + (instance.hasNonNull("zone") ? "@" + instance.get("zone").asText() : "");
        return look == null ? text : style.paint(text, look.sgr);
    }

    private String swatch(InstanceLook look) {
        return style.paint(look.symbol, look.sgr);
    }

    private static int visible(List<String> tokens) {
        return tokens.stream().mapToInt(t -> t.replaceAll("\u001B\\[[0-9;]*m", "").length()).sum()
                + Math.max(0, tokens.size() - 1);
    }
}
