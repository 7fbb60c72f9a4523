package dev.vmssrollout.api.calendars;

import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.CalendarScope;
import dev.vmssrollout.model.schedule.Freeze;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WeeklyWindow;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The REST shapes of schedules and calendars, and their mapping to the domain. Times stay strings
 * here so that every bad one is reported with the other violations instead of stopping at the first.
 */
public final class ScheduleSpecs {

    @Schema(description = "when the rollout may change Azure; every part given applies")
    public record ScheduleSpec(@Schema(example = "2026-12-08T21:00:00Z", description = "ISO-8601 instant") String notBefore,
                               @Schema(example = "prod-weekly", description = "a calendar's name") String calendar,
                               List<WindowSpec> windows,
                               @Schema(example = "Europe/Berlin", description = "IANA zone of the windows") String timeZone) {
    }

    public record WindowSpec(@Schema(example = "[\"TUESDAY\"]") List<String> days,
                             @Schema(example = "22:00") String start,
                             @Schema(example = "02:00", description = "at or before start: the next day") String end) {
    }

    public record FreezeSpec(@Schema(example = "2026-12-18T00:00", description = "local date-time in the calendar's zone") String start,
                             @Schema(example = "2027-01-04T00:00") String end,
                             @Schema(example = "year-end change freeze") String reason) {
    }

    public record ScopeSpec(@Schema(example = "00000000-0000-0000-0000-000000000000") String subscriptionId,
                            @Schema(description = "leave out for the whole subscription") String resourceGroup) {
    }

    /** The body of {@code PUT /api/v1/calendars/{name}}, and a calendar as the API shows it. */
    public record CalendarSpec(@Schema(description = "taken from the path; optional in a PUT body") String name,
                               @Schema(example = "Europe/Berlin") String timeZone,
                               List<WindowSpec> windows, List<FreezeSpec> freezes, List<ScopeSpec> defaultFor) {
    }

    private ScheduleSpecs() {
    }

    public static Schedule schedule(ScheduleSpec spec, String field, List<Violation> violations) {
        if (spec == null) {
            return null;
        }
        return new Schedule(parse(spec.notBefore(), field + ".notBefore", Instant::parse,
                "an ISO-8601 instant such as 2026-12-08T21:00:00Z", violations), spec.calendar(),
                windows(spec.windows(), field + ".windows", violations), spec.timeZone());
    }

    public static Calendar calendar(String name, CalendarSpec spec, List<Violation> violations) {
        List<Freeze> freezes = new ArrayList<>();
        List<FreezeSpec> freezeSpecs = spec.freezes() == null ? List.of() : spec.freezes();
        for (int i = 0; i < freezeSpecs.size(); i++) {
            FreezeSpec f = freezeSpecs.get(i);
            String at = "freezes[" + i + "]";
            freezes.add(f == null ? null : new Freeze(
                    parse(f.start(), at + ".start", LocalDateTime::parse, "a local date-time such as 2026-12-18T00:00", violations),
                    parse(f.end(), at + ".end", LocalDateTime::parse, "a local date-time such as 2027-01-04T00:00", violations),
                    f.reason()));
        }
        List<CalendarScope> scopes = spec.defaultFor() == null ? List.of() : spec.defaultFor().stream()
                .map(s -> s == null ? null : new CalendarScope(s.subscriptionId(), s.resourceGroup())).toList();
        return new Calendar(name, spec.timeZone(), windows(spec.windows(), "windows", violations), freezes, scopes);
    }

    public static ScheduleSpec spec(Schedule schedule) {
        return schedule == null ? null : new ScheduleSpec(schedule.notBefore() == null ? null : schedule.notBefore().toString(),
                schedule.calendar(), specs(schedule.windows()), schedule.timeZone());
    }

    public static CalendarSpec spec(Calendar calendar) {
        return new CalendarSpec(calendar.name(), calendar.timeZone(), specs(calendar.windows()),
                calendar.freezes().stream().map(f -> new FreezeSpec(f.start().toString(), f.end().toString(), f.reason())).toList(),
                calendar.defaultFor().stream().map(s -> new ScopeSpec(s.subscriptionId(), s.resourceGroup())).toList());
    }

    private static List<WindowSpec> specs(List<WeeklyWindow> windows) {
        return windows.stream().map(w -> new WindowSpec(w.days().stream().map(DayOfWeek::name).toList(),
                w.start().toString(), w.end().toString())).toList();
    }

    private static List<WeeklyWindow> windows(List<WindowSpec> specs, String field, List<Violation> violations) {
        List<WeeklyWindow> windows = new ArrayList<>();
        if (specs == null) {
            return windows;
        }
        for (int i = 0; i < specs.size(); i++) {
            WindowSpec w = specs.get(i);
            String at = field + "[" + i + "]";
            if (w == null) {
                windows.add(null);
                continue;
            }
            windows.add(new WeeklyWindow(days(w.days(), at + ".days", violations),
                    parse(w.start(), at + ".start", LocalTime::parse, "a local time such as 22:00", violations),
                    parse(w.end(), at + ".end", LocalTime::parse, "a local time such as 02:00", violations)));
        }
        return windows;
    }

    private static Set<DayOfWeek> days(List<String> names, String field, List<Violation> violations) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (names == null) {
            return days;
        }
        for (String name : names) {
            try {
                days.add(DayOfWeek.valueOf(String.valueOf(name).trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(field, "'" + name + "' is not a day: MONDAY ... SUNDAY"));
            }
        }
        return days;
    }

    private static <T> T parse(String text, String field, Function<String, T> parser, String expected,
                               List<Violation> violations) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text.trim());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "'" + text + "' is not " + expected));
            return null;
        }
    }
}
