package dev.vmssrollout.model.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A window that opens every week on each of {@code days} at {@code start}, local time, and closes
 * at {@code end}. An {@code end} at or before {@code start} closes on the next day: a TUESDAY
 * 22:00-02:00 window runs from Tuesday night into Wednesday morning.
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public WeeklyWindow {
        days = days == null || days.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    public static WeeklyWindow on(DayOfWeek day, String start, String end) {
        return new WeeklyWindow(Set.of(day), LocalTime.parse(start), LocalTime.parse(end));
    }

    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }

    @Override
    public String toString() {
        return days + " " + start + "-" + end;
    }
}
