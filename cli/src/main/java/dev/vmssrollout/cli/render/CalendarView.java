package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Calendars as the API shows them ({@code GET /api/v1/calendars[/{name}]}), for people. */
public final class CalendarView {

    private static final String[] HEADINGS = {"NAME", "TIME ZONE", "WINDOWS", "FREEZES", "DEFAULT FOR"};

    private final Style style;

    public CalendarView(Terminal terminal) {
        this.style = new Style(terminal);
    }

    public List<String> table(JsonNode calendars) {
        List<String> lines = new ArrayList<>();
        if (calendars.size() == 0) {
            lines.add("no calendars; create one with 'vmss-rollout calendars put NAME --time-zone ZONE --window ...'");
            return lines;
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode calendar : calendars) {
            List<String> windows = new ArrayList<>();
            calendar.path("windows").forEach(window -> windows.add(window(window, true)));
            List<String> scopes = new ArrayList<>();
            calendar.path("defaultFor").forEach(scope -> scopes.add(scope(scope)));
            rows.add(new String[]{calendar.path("name").asText(), calendar.path("timeZone").asText(),
                    windows.isEmpty() ? "any time" : String.join("; ", windows),
                    String.valueOf(calendar.path("freezes").size()),
                    scopes.isEmpty() ? "-" : String.join("; ", scopes)});
        }
        int[] widths = Style.widths(HEADINGS, rows);
        lines.add(style.bold(Style.row(HEADINGS, widths)));
        rows.forEach(row -> lines.add(Style.row(row, widths)));
        return lines;
    }

    public List<String> details(JsonNode calendar) {
        List<String> lines = new ArrayList<>();
        lines.add(style.bold(calendar.path("name").asText()) + "  (times in " + calendar.path("timeZone").asText() + ")");
        lines.add("windows:");
        if (calendar.path("windows").size() == 0) {
            lines.add("  none: any time outside the freezes");
        }
        calendar.path("windows").forEach(window -> lines.add("  " + window(window, false)));
        lines.add("freezes:");
        if (calendar.path("freezes").size() == 0) {
            lines.add("  none");
        }
        calendar.path("freezes").forEach(freeze -> lines.add("  " + freeze.path("start").asText() + " to "
                + freeze.path("end").asText() + "  " + freeze.path("reason").asText()));
        if (calendar.path("defaultFor").size() > 0) {
            lines.add("default for:");
            calendar.path("defaultFor").forEach(scope -> lines.add("  " + scope(scope)));
        }
        return lines;
    }

    private static String window(JsonNode window, boolean shortDays) {
        List<String> days = new ArrayList<>();
        window.path("days").forEach(day -> days.add(shortDays ? day.asText().substring(0, Math.min(3, day.asText().length()))
                : day.asText().toLowerCase(Locale.ROOT)));
        String start = window.path("start").asText();
        String end = window.path("end").asText();
        String text = String.join(",", days) + " " + start + "-" + end;
        return !shortDays && end.compareTo(start) <= 0 ? text + " (ends the next day)" : text;
    }

    private static String scope(JsonNode scope) {
        String subscription = scope.path("subscriptionId").asText();
        return scope.hasNonNull("resourceGroup") ? subscription + "/" + scope.path("resourceGroup").asText() : subscription;
    }
}
