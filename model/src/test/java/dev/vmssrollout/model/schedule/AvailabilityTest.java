package dev.vmssrollout.model.schedule;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cases a person checks by hand: the nights clocks change, a leap day, half-hour zones, freezes. */
class AvailabilityTest {

    private static Availability sundayNight(String zone) {
        return Availability.of(new Schedule(null, null, List.of(WeeklyWindow.on(DayOfWeek.SUNDAY, "01:30", "03:30")), zone), null);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void berlinsSpringForwardNightHasAOneHourWindow() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST; 01:30 CET is 00:30Z, 03:30 CEST is 01:30Z.
        Availability window = sundayNight("Europe/Berlin");

        assertThat(window.nextOpening(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-29T00:30:00Z"));
        assertThat(window.fitsBeforeClose(at("2026-03-29T00:30:00Z"), Duration.ofMinutes(60))).isTrue();
        assertThat(window.fitsBeforeClose(at("2026-03-29T00:30:00Z"), Duration.ofMinutes(61))).isFalse();
    }

    @Test
    void berlinsFallBackNightHasAThreeHourWindow() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; 01:30 CEST is 23:30Z, 03:30 CET is 02:30Z.
        Availability window = sundayNight("Europe/Berlin");

        assertThat(window.nextOpening(at("2026-10-24T12:00:00Z"))).contains(at("2026-10-24T23:30:00Z"));
        assertThat(window.fitsBeforeClose(at("2026-10-24T23:30:00Z"), Duration.ofHours(3))).isTrue();
        assertThat(window.isOpen(at("2026-10-25T02:30:00Z"))).isFalse();
    }

    @Test
    void newYorksChangeNightsToo() {
        Availability window = sundayNight("America/New_York");

        // 2026-03-08: 01:30 EST is 06:30Z; 03:30 EDT is 07:30Z.
        assertThat(window.nextOpening(at("2026-03-07T12:00:00Z"))).contains(at("2026-03-08T06:30:00Z"));
        assertThat(window.nextStart(at("2026-03-07T12:00:00Z"), Duration.ofMinutes(90)))
                .contains(at("2026-03-15T05:30:00Z")); // the short night is too short: the next Sunday, EDT
        // 2026-11-01: 01:30 EDT is 05:30Z; 03:30 EST is 08:30Z.
        assertThat(window.fitsBeforeClose(at("2026-11-01T05:30:00Z"), Duration.ofHours(3))).isTrue();
    }

    @Test
    void aWindowThatStartsInTheSkippedHourOpensWhenTheClocksJump() {
        Availability window = Availability.of(new Schedule(null, null,
                List.of(WeeklyWindow.on(DayOfWeek.SUNDAY, "02:30", "04:00")), "Europe/Berlin"), null);

        // 02:30 never happens on 2026-03-29: the window opens at 03:00 CEST (01:00Z), not 03:30.
        assertThat(window.nextOpening(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-29T01:00:00Z"));
    }

    @Test
    void aNightWindowOpensOnLeapDayAndClosesOnTheFirstOfMarch() {
        Availability window = Availability.of(new Schedule(null, null,
                List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "02:00")), "UTC"), null);

        assertThat(window.nextOpening(at("2028-02-29T12:00:00Z"))).contains(at("2028-02-29T22:00:00Z"));
        assertThat(window.fitsBeforeClose(at("2028-02-29T22:00:00Z"), Duration.ofHours(4))).isTrue();
        assertThat(window.isOpen(at("2028-03-01T02:00:00Z"))).isFalse();
    }

    @Test
    void halfHourAndQuarterHourOffsets() {
        Availability kolkata = Availability.of(new Schedule(null, null,
                List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "23:00")), "Asia/Kolkata"), null);
        Availability kathmandu = Availability.of(new Schedule(null, null,
                List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "23:00")), "Asia/Kathmandu"), null);

        assertThat(kolkata.nextOpening(at("2026-12-07T00:00:00Z"))).contains(at("2026-12-08T16:30:00Z"));
        assertThat(kathmandu.nextOpening(at("2026-12-07T00:00:00Z"))).contains(at("2026-12-08T16:15:00Z"));
    }

    @Test
    void aFreezeClosesTheWindowsItCoversAndSaysWhy() {
        Calendar calendar = new Calendar("prod", "Europe/Berlin",
                List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "02:00")),
                List.of(new Freeze(LocalDateTime.parse("2026-12-18T00:00"), LocalDateTime.parse("2027-01-04T00:00"), "year end")));
        Availability availability = Availability.of(Schedule.calendar("prod"), calendar);

        assertThat(availability.nextOpening(at("2026-12-16T02:00:00Z"))).contains(at("2027-01-05T21:00:00Z"));
        assertThat(availability.whyClosed(at("2026-12-22T21:30:00Z"))).contains("freeze").contains("year end");
        assertThat(availability.whyClosed(at("2027-01-05T21:30:00Z"))).isNull();
    }

    @Test
    void notBeforeAndInlineWindowsBothApplyWithTheCalendar() {
        Calendar weeknights = new Calendar("weeknights", "UTC",
                List.of(new WeeklyWindow(java.util.EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        java.time.LocalTime.of(20, 0), java.time.LocalTime.of(23, 0))), List.of());
        Schedule schedule = new Schedule(at("2026-12-08T00:00:00Z"), "weeknights",
                List.of(WeeklyWindow.on(DayOfWeek.THURSDAY, "21:00", "22:00")), "UTC");

        Availability availability = Availability.of(schedule, weeknights);

        assertThat(availability.nextOpening(at("2026-12-07T00:00:00Z"))).contains(at("2026-12-10T21:00:00Z"));
        assertThat(availability.whyClosed(at("2026-12-07T21:30:00Z"))).startsWith("not before");
    }

    @Test
    void aScheduleThatNeverLeavesRoomForTheWaveHasNoStart() {
        Availability window = sundayNight("UTC");

        assertThat(window.nextStart(at("2026-12-07T00:00:00Z"), Duration.ofHours(3))).isEmpty();
    }

    @Test
    void frozenPeriodsAreTheFreezesInZoneTimeClippedToTheRangeWithTheirReasons() {
        Calendar calendar = new Calendar("prod", "Europe/Berlin", List.of(), List.of(
                new Freeze(LocalDateTime.parse("2026-12-18T00:00"), LocalDateTime.parse("2027-01-04T00:00"), "year end"),
                new Freeze(LocalDateTime.parse("2026-12-10T09:00"), LocalDateTime.parse("2026-12-10T17:00"), "audit"),
                new Freeze(LocalDateTime.parse("2026-11-01T00:00"), LocalDateTime.parse("2026-11-02T00:00"), "long past")));
        Availability availability = Availability.of(Schedule.calendar("prod"), calendar);

        List<FrozenPeriod> week = availability.frozenPeriods(at("2026-12-09T23:00:00Z"), at("2026-12-19T23:00:00Z"));

        // Berlin is UTC+1 in December; the year-end freeze runs past the range and is cut at its end.
        assertThat(week).containsExactly(
                new FrozenPeriod(new Interval(at("2026-12-17T23:00:00Z"), at("2026-12-19T23:00:00Z")), "year end"),
                new FrozenPeriod(new Interval(at("2026-12-10T08:00:00Z"), at("2026-12-10T16:00:00Z")), "audit"));
        assertThat(availability.allowed(at("2026-12-10T00:00:00Z"), at("2026-12-11T00:00:00Z")))
                .containsExactly(new Interval(at("2026-12-10T00:00:00Z"), at("2026-12-10T08:00:00Z")),
                        new Interval(at("2026-12-10T16:00:00Z"), at("2026-12-11T00:00:00Z")));
    }
}
