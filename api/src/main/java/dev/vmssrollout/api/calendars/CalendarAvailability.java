package dev.vmssrollout.api.calendars;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.schedule.Availability;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.Schedule;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a calendar lets rollouts change Azure over the coming days, worked out by the same {@link Availability} the
 * rollout workflow obeys, so the dashboard's calendar view cannot disagree with what a rollout will do.
 */
@Service
class CalendarAvailability {

    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 31;

    @Schema(description = "a calendar's open and frozen time over whole local days of its time zone")
    record AvailabilityView(String calendar, String timeZone, Instant from, Instant to, List<Day> days,
                            @Schema(description = "when rollouts using only this calendar may change Azure") List<Span> open,
                            @Schema(description = "the freezes in the range, cut at its ends") List<FrozenSpan> freezes) {
    }

    @Schema(description = "one local day; 23 or 25 hours long on the nights the clocks change")
    record Day(LocalDate date, Instant start, Instant end) {
    }

    record Span(Instant start, Instant end) {
    }

    record FrozenSpan(Instant start, Instant end, String reason) {
    }

    private final Calendars calendars;
    private final Clock clock;

    CalendarAvailability(Calendars calendars, Optional<Clock> clock) {
        this.calendars = calendars;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * @param from the first local day, ISO (2026-12-07); today in the calendar's zone when null
     * @param days how many days, 1 to 31; 7 when null
     */
    AvailabilityView of(String name, String from, Integer days) {
        Calendar calendar = calendars.find(name);
        ZoneId zone = calendar.zone();
        List<Violation> violations = new ArrayList<>();
        LocalDate first = LocalDate.now(clock.withZone(zone));
        if (from != null) {
            try {
                first = LocalDate.parse(from);
            } catch (DateTimeParseException e) {
                violations.add(new Violation("from", "'" + from + "' is not a date such as 2026-12-07"));
            }
        }
        int count = days == null ? DEFAULT_DAYS : days;
        if (count < 1 || count > MAX_DAYS) {
            violations.add(new Violation("days", "must be from 1 to " + MAX_DAYS + ", not " + count));
        }
        if (!violations.isEmpty()) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "the range is invalid (see violations)",
                    FieldViolation.of(violations));
        }
        List<Day> dayList = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalDate date = first.plusDays(i);
            dayList.add(new Day(date, date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        Instant start = dayList.get(0).start();
        Instant end = dayList.get(count - 1).end();
        Availability availability = Availability.of(Schedule.calendar(name), calendar);
        return new AvailabilityView(name, calendar.timeZone(), start, end, dayList,
                availability.allowed(start, end).stream().map(i -> new Span(i.start(), i.end())).toList(),
                availability.frozenPeriods(start, end).stream()
                        .map(f -> new FrozenSpan(f.interval().start(), f.interval().end(), f.reason())).toList());
    }
}
