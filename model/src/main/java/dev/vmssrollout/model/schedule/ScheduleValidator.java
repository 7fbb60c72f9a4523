package dev.vmssrollout.model.schedule;

import dev.vmssrollout.model.Violation;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks the shape of schedules and calendars, naming each field as the REST API does. */
public final class ScheduleValidator {

    public static final int MAX_WINDOWS = 50;
    public static final int MAX_FREEZES = 200;
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,62}");

    private ScheduleValidator() {
    }

    /** The problems with a plan's schedule; {@code prefix} is the field's name, e.g. "schedule". */
    public static List<Violation> validate(Schedule schedule, String prefix) {
        List<Violation> out = new ArrayList<>();
        if (schedule == null) {
            return out;
        }
        if (schedule.calendar() != null) {
            checkName(schedule.calendar(), prefix + ".calendar", out);
        }
        if (schedule.timeZone() != null) {
            checkZone(schedule.timeZone(), prefix + ".timeZone", out);
        } else if (!schedule.windows().isEmpty()) {
            out.add(new Violation(prefix + ".timeZone", "is required with windows: an IANA time zone such as Europe/Berlin"));
        }
        checkWindows(schedule.windows(), prefix + ".windows", out);
        return out;
    }

    /** The problems with a calendar as a user sent it. */
    public static List<Violation> validate(Calendar calendar) {
        List<Violation> out = new ArrayList<>();
        if (calendar == null) {
            out.add(new Violation("", "a calendar is required"));
            return out;
        }
        checkName(calendar.name(), "name", out);
        if (calendar.timeZone() == null) {
            out.add(new Violation("timeZone", "is required: an IANA time zone such as Europe/Berlin"));
        } else {
            checkZone(calendar.timeZone(), "timeZone", out);
        }
        checkWindows(calendar.windows(), "windows", out);
        if (calendar.freezes().size() > MAX_FREEZES) {
            out.add(new Violation("freezes", "at most " + MAX_FREEZES + " freezes; delete the ones that are over"));
        }
        for (int i = 0; i < calendar.freezes().size(); i++) {
            checkFreeze(calendar.freezes().get(i), "freezes[" + i + "]", out);
        }
        for (int i = 0; i < calendar.defaultFor().size(); i++) {
            CalendarScope scope = calendar.defaultFor().get(i);
            if (scope == null || scope.subscriptionId() == null || !GUID.matcher(scope.subscriptionId()).matches()) {
                out.add(new Violation("defaultFor[" + i + "].subscriptionId", "must be a subscription GUID"));
            }
            if (scope != null && scope.resourceGroup() != null && scope.resourceGroup().isBlank()) {
                out.add(new Violation("defaultFor[" + i + "].resourceGroup", "leave it out for the whole subscription"));
            }
        }
        return out;
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void checkName(String name, String field, List<Violation> out) {
        if (!isValidName(name)) {
            out.add(new Violation(field, "must be 1-63 letters, digits, '_', '-' or '.', starting with a letter or digit"));
        }
    }

    private static void checkZone(String zone, String field, List<Violation> out) {
        try {
            ZoneId id = ZoneId.of(zone);
            if (!zone.contains("/") && !"UTC".equals(zone)) {
                // "CET" or "+02:00" parse, but a fixed offset never follows daylight saving time.
                out.add(new Violation(field, "'" + zone + "' is not a region time zone; use an IANA ID such as Europe/Berlin, "
                        + "America/New_York or UTC"));
            } else if (id.getRules() == null) {
                out.add(new Violation(field, "'" + zone + "' has no rules"));
            }
        } catch (DateTimeException unknown) {
            out.add(new Violation(field, "'" + zone + "' is not a known IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)"));
        }
    }

    private static void checkWindows(List<WeeklyWindow> windows, String field, List<Violation> out) {
        if (windows.size() > MAX_WINDOWS) {
            out.add(new Violation(field, "at most " + MAX_WINDOWS + " windows"));
            return;
        }
        for (int i = 0; i < windows.size(); i++) {
            WeeklyWindow w = windows.get(i);
            String at = field + "[" + i + "]";
            if (w == null) {
                out.add(new Violation(at, "is empty: give days, start and end"));
                continue;
            }
            if (w.days().isEmpty()) {
                out.add(new Violation(at + ".days", "needs at least one day, e.g. [\"TUESDAY\"]"));
            }
            if (w.start() == null) {
                out.add(new Violation(at + ".start", "is required: a local time such as 22:00"));
            }
            if (w.end() == null) {
                out.add(new Violation(at + ".end", "is required: a local time such as 02:00 (before start: the next day)"));
            }
            if (w.start() != null && w.start().equals(w.end())) {
                out.add(new Violation(at + ".end", "must differ from start; a window ends after at most 24 hours"));
            }
        }
    }

    private static void checkFreeze(Freeze freeze, String field, List<Violation> out) {
        if (freeze == null) {
            out.add(new Violation(field, "is empty: give start, end and reason"));
            return;
        }
        if (freeze.start() == null) {
            out.add(new Violation(field + ".start", "is required: a local date-time such as 2026-12-20T00:00"));
        }
        if (freeze.end() == null) {
            out.add(new Violation(field + ".end", "is required: a local date-time such as 2027-01-04T00:00"));
        }
        if (freeze.start() != null && freeze.end() != null && !freeze.end().isAfter(freeze.start())) {
            out.add(new Violation(field + ".end", "must be after start"));
        }
        if (freeze.reason() == null || freeze.reason().isBlank()) {
            out.add(new Violation(field + ".reason", "is required: say why nothing may change"));
        }
    }
}
