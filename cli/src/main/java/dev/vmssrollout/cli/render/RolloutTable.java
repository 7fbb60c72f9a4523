package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/v1/rollouts} as a table, newest first. */
public final class RolloutTable {

    private static final String[] HEADINGS = {"ID", "STATE", "SCALE SET", "IMAGE", "WAVES", "INSTANCES", "BY", "UPDATED"};
    private static final int MAX_IMAGE = 40;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Style style;
    private final ZoneId zone;

    public RolloutTable(Terminal terminal, ZoneId zone) {
        this.style = new Style(terminal);
        this.zone = zone;
    }

    public List<String> render(JsonNode page) {
        JsonNode items = page.path("items");
        List<String> lines = new ArrayList<>();
        if (items.size() == 0) {
            lines.add("no rollouts" + (page.path("total").asLong(0) > 0 ? " on this page" : ""));
            return lines;
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode target = item.path("target");
            rows.add(new String[]{
                    item.path("id").asText(),
                    item.path("state").asText(),
                    target.path("resourceGroup").asText("?") + "/" + target.path("scaleSet").asText("?"),
                    Style.fit(item.path("imageChange").asText(""), MAX_IMAGE),
                    item.path("wavesCompleted").asText("0") + "/" + item.path("wavesTotal").asText("0"),
                    item.path("instancesUpgraded").asText("0") + "/" + item.path("instancesTotal").asText("0"),
                    item.path("submittedBy").asText(""),
                    when(item.path("updatedAt").asText(""))});
        }
        int[] widths = Style.widths(HEADINGS, rows);
        lines.add(style.bold(line(HEADINGS, widths, false)));
        rows.forEach(row -> lines.add(line(row, widths, true)));
        long total = page.path("total").asLong(items.size());
        int offset = page.path("offset").asInt(0);
        if (total > offset + items.size()) {
            lines.add((offset + 1) + "-" + (offset + items.size()) + " of " + total + " rollouts; the next page: --offset "
                    + (offset + items.size()));
        }
        return lines;
    }

    /** In the viewer's time zone, to the minute; as sent when it is not an instant. */
    private String when(String instant) {
        try {
            return WHEN.format(Instant.parse(instant).atZone(zone));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private String line(String[] cells, int[] widths, boolean colourState) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            boolean last = c == cells.length - 1;
            String cell = last ? cells[c] : Style.pad(cells[c], widths[c]);
            line.append(colourState && c == 1 ? style.state(cells[c], widths[c]) : cell);
            if (!last) {
                line.append("  ");
            }
        }
        return line.toString();
    }
}
