package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Releases as the API shows them ({@code GET /api/v1/releases[/{id}]}), for people. Stages counted from 1. */
public final class ReleaseScreen {

    private static final String[] LIST_HEADINGS = {"ID", "STATE", "STAGE", "SUCCEEDED", "IMAGE", "SUBMITTED BY", "UPDATED"};
    private static final String[] STAGE_HEADINGS = {"SCALE SET", "REGION", "STATE", "ROLLOUT"};
    private static final String[] ROLLBACK_HEADINGS = {"SCALE SET", "REGION", "STATE", "ROLLOUT", "ROLLBACK"};

    private final Style style;

    public ReleaseScreen(Terminal terminal) {
        this.style = new Style(terminal);
    }

    public List<String> table(JsonNode releases) {
        List<String> lines = new ArrayList<>();
        if (releases.size() == 0) {
            lines.add("no releases; submit one with 'vmss-rollout release submit -f FILE'");
            return lines;
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode release : releases) {
            rows.add(new String[]{release.path("id").asText(), release.path("state").asText(),
                    stage(release.path("currentStage"), release.path("stagesTotal").asInt()),
                    release.path("scaleSetsSucceeded").asInt() + "/" + release.path("scaleSetsTotal").asInt(),
                    release.path("imageChange").asText("-"), release.path("submittedBy").asText(),
                    release.path("updatedAt").asText()});
        }
        int[] widths = Style.widths(LIST_HEADINGS, rows);
        lines.add(style.bold(row(LIST_HEADINGS, widths)));
        rows.forEach(row -> lines.add(row(row, widths)));
        return lines;
    }

    public List<String> details(JsonNode release) {
        List<String> lines = new ArrayList<>();
        JsonNode stages = release.path("stages");
        lines.add(style.bold("release " + release.path("id").asText()) + "  " + style.state(release.path("state").asText())
                + "  (stage " + stage(release.path("currentStage"), stages.size()) + ", submitted by "
                + release.path("submittedBy").asText() + ")");
        if (release.hasNonNull("reason")) {
            lines.add("  " + release.path("reason").asText());
        }
        for (JsonNode stage : stages) {
            lines.add("");
            lines.add(style.bold("stage " + (stage.path("index").asInt() + 1) + " " + stage.path("name").asText())
                    + ": at most " + stage.path("maxConcurrent").asInt() + " at once, bake "
                    + stage.path("bakeTime").asText("PT0S")
                    + (stage.path("approvalRequired").asBoolean() ? ", approval required" : ""));
            lines.addAll(scaleSets(stage.path("scaleSets")));
        }
        return lines;
    }

    private List<String> scaleSets(JsonNode scaleSets) {
        boolean rolledBack = false;
        for (JsonNode scaleSet : scaleSets) {
            rolledBack |= scaleSet.hasNonNull("rollbackRolloutId");
        }
        String[] headings = rolledBack ? ROLLBACK_HEADINGS : STAGE_HEADINGS;
        List<String[]> rows = new ArrayList<>();
        for (JsonNode scaleSet : scaleSets) {
            String[] cells = {scaleSet.path("resourceGroup").asText() + "/" + scaleSet.path("scaleSet").asText(),
                    scaleSet.path("region").asText("-"), scaleSet.path("rolloutState").asText("not started"),
                    scaleSet.path("rolloutId").asText("-"),
                    scaleSet.hasNonNull("rollbackRolloutId") ? scaleSet.path("rollbackState").asText("started") + " "
                            + scaleSet.path("rollbackRolloutId").asText() : "-"};
            rows.add(rolledBack ? cells : java.util.Arrays.copyOf(cells, STAGE_HEADINGS.length));
        }
        int[] widths = Style.widths(headings, rows);
        List<String> lines = new ArrayList<>();
        lines.add("  " + row(headings, widths));
        rows.forEach(row -> lines.add("  " + row(row, widths)));
        return lines;
    }

    /** "2/3" for the second of three stages (the API counts from 0); "-" before the first. */
    private static String stage(JsonNode currentStage, int total) {
        return currentStage.isNumber() ? (currentStage.asInt() + 1) + "/" + total : "-/" + total;
    }

    private static String row(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length - 1; c++) {
            line.append(Style.pad(cells[c], widths[c])).append("  ");
        }
        return line.append(cells[cells.length - 1]).toString();
    }
}
