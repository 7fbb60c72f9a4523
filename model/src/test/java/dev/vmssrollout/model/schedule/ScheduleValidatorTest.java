package dev.vmssrollout.model.schedule;

import dev.vmssrollout.model.Violation;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleValidatorTest {

    @Test
    void acceptsARegionZoneWithWindows() {
        Schedule schedule = new Schedule(null, "prod", List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "02:00")),
                "America/New_York");

        assertThat(ScheduleValidator.validate(schedule, "schedule")).isEmpty();
    }

    @Test
    void refusesUnknownAndFixedOffsetZones() {
        assertThat(ScheduleValidator.validate(new Schedule(null, null, List.of(), "Mars/Olympus"), "schedule"))
                .extracting(Violation::field, Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("schedule.timeZone",
                        "'Mars/Olympus' is not a known IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)"));
        assertThat(ScheduleValidator.validate(new Schedule(null, null, List.of(), "+02:00"), "schedule"))
                .extracting(Violation::field).containsExactly("schedule.timeZone");
    }

    @Test
    void windowsNeedAZoneDaysAndTwoDifferentTimes() {
        Schedule schedule = new Schedule(null, null, List.of(
                new WeeklyWindow(Set.of(), LocalTime.of(22, 0), LocalTime.of(22, 0)),
                new WeeklyWindow(Set.of(DayOfWeek.MONDAY), null, LocalTime.of(1, 0))), null);

        assertThat(ScheduleValidator.validate(schedule, "schedule")).extracting(Violation::field).containsExactly(
                "schedule.timeZone", "schedule.windows[0].days", "schedule.windows[0].end", "schedule.windows[1].start");
    }

    @Test
    void calendarsNeedANameAZoneAndFreezesThatEndAfterTheyStartWithAReason() {
        Calendar calendar = new Calendar("bad name", null, List.of(),
                List.of(new Freeze(LocalDateTime.parse("2026-12-20T00:00"), LocalDateTime.parse("2026-12-19T00:00"), " ")));

        assertThat(ScheduleValidator.validate(calendar)).extracting(Violation::field)
                .containsExactly("name", "timeZone", "freezes[0].end", "freezes[0].reason");
    }
}
