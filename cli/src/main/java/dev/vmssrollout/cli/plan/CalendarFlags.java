package dev.vmssrollout.cli.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.api.Json;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar given as flags, turned into the body of {@code PUT /api/v1/calendars/{name}}. Only the flags' own syntax
 * is checked here; times, dates and the zone are the API's to judge, so its messages name the field.
 */
public final class CalendarFlags {

    private static final Pattern WINDOW = Pattern.compile("\\s*(\\S+)\\s+([^\\s-]+)-([^\\s-]+)\\s*");
    private static final Pattern FREEZE = Pattern.compile("\\s*(\\S+)\\.\\.(\\S+)\\s+(.+?)\\s*");

    private CalendarFlags() {
    }

    public static ObjectNode body(String timeZone, List<String> windows, List<String> freezes, List<String> defaultFor) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("timeZone", timeZone);
        ArrayNode windowNodes = body.putArray("windows");
        windows.forEach(window -> windowNodes.add(window(window)));
        ArrayNode freezeNodes = body.putArray("freezes");
        freezes.forEach(freeze -> freezeNodes.add(freeze(freeze)));
        ArrayNode scopes = body.putArray("defaultFor");
        defaultFor.forEach(scope -> scopes.add(scope(scope)));
        return body;
    }

    private static ObjectNode window(String text) {
        Matcher m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw CliException.badInput("--window '" + text + "' is not 'DAYS HH:MM-HH:MM', e.g. 'TUE 22:00-02:00' "
                    + "or 'MON-FRI 01:00-05:00'");
        }
        ObjectNode window = Json.MAPPER.createObjectNode();
        ArrayNode days = window.putArray("days");
        days(m.group(1), text).forEach(day -> days.add(day.name()));
        window.put("start", m.group(2));
        window.put("end", m.group(3));
        return window;
    }

    /** {@code MON,WED}, {@code MON-FRI}, {@code FRI-MON} (wrapping past Sunday) or full names, in any case. */
    static List<DayOfWeek> days(String text, String flag) {
        List<DayOfWeek> days = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] range = part.split("-", -1);
            if (range.length > 2) {
                throw badDay(part, flag);
            }
            DayOfWeek first = day(range[0], flag);
            DayOfWeek last = range.length == 2 ? day(range[1], flag) : first;
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                if (!days.contains(day)) {
                    days.add(day);
                }
                if (day == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String text, String flag) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (upper.length() >= 3 && day.name().startsWith(upper)) {
                return day;
            }
        }
        throw badDay(text, flag);
    }

    private static CliException badDay(String text, String flag) {
        return CliException.badInput("--window '" + flag + "': '" + text + "' is not a day or range of days "
                + "(MON, TUESDAY, MON-FRI)");
    }

    private static ObjectNode freeze(String text) {
        Matcher m = FREEZE.matcher(text);
        if (!m.matches()) {
            throw CliException.badInput("--freeze '" + text + "' is not 'START..END REASON', e.g. "
                    + "'2026-12-18T00:00..2027-01-04T00:00 year-end change freeze' (a reason is required)");
        }
        ObjectNode freeze = Json.MAPPER.createObjectNode();
        freeze.put("start", m.group(1));
        freeze.put("end", m.group(2));
        freeze.put("reason", m.group(3));
        return freeze;
    }

    private static ObjectNode scope(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw CliException.badInput("--default-for '" + text + "' is not SUBSCRIPTION or SUBSCRIPTION/RESOURCE_GROUP");
        }
        ObjectNode scope = Json.MAPPER.createObjectNode();
        scope.put("subscriptionId", parts[0]);
        if (parts.length == 2) {
            scope.put("resourceGroup", parts[1]);
        }
        return scope;
    }
}
