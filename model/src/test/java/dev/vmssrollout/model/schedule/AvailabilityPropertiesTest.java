package dev.vmssrollout.model.schedule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window arithmetic against the minute-by-minute reference, over ranges around the nights
 * clocks change, leap days and zones with half-hour (and 45-minute) offsets.
 */
class AvailabilityPropertiesTest {

    /**
     * Zones, each with a day on which something happens to its clocks: a daylight-saving change
     * (Lord Howe moves by half an hour, Chatham at 02:45), a leap day, or a half-hour offset.
     */
    private static final List<Map.Entry<String, LocalDate>> CLOCK_EVENTS = List.of(
            Map.entry("Europe/Berlin", LocalDate.parse("2026-03-29")),
            Map.entry("Europe/Berlin", LocalDate.parse("2026-10-25")),
            Map.entry("America/New_York", LocalDate.parse("2026-03-08")),
            Map.entry("America/New_York", LocalDate.parse("2026-11-01")),
            Map.entry("America/St_Johns", LocalDate.parse("2026-11-01")),
            Map.entry("Europe/London", LocalDate.parse("2026-03-29")),
            Map.entry("Australia/Lord_Howe", LocalDate.parse("2026-04-05")),
            Map.entry("Australia/Lord_Howe", LocalDate.parse("2026-10-04")),
            Map.entry("Australia/Adelaide", LocalDate.parse("2026-10-04")),
            Map.entry("Pacific/Chatham", LocalDate.parse("2026-04-05")),
            Map.entry("Asia/Kolkata", LocalDate.parse("2028-02-29")),
            Map.entry("Asia/Kathmandu", LocalDate.parse("2032-02-29")),
            Map.entry("Europe/Berlin", LocalDate.parse("2028-02-29")),
            Map.entry("UTC", LocalDate.parse("2026-12-31")));
    private static final List<String> ZONES = CLOCK_EVENTS.stream().map(Map.Entry::getKey).distinct().toList();
    private static final Duration RANGE = Duration.ofDays(16);

    record Case(Instant first, Schedule schedule, Calendar calendar, Instant from, Duration expected) {
        Instant end() {
            return first.plus(RANGE);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(CLOCK_EVENTS).flatMap(event -> casesAround(event.getKey(), event.getValue()));
    }

    private static Arbitrary<Case> casesAround(String zone, LocalDate day) {
        Arbitrary<Instant> first = Arbitraries.integers().between(1, 6)
                .map(before -> day.minusDays(before).atStartOfDay().toInstant(ZoneOffset.UTC));
        // Mostly the zone whose clocks change, sometimes another one beside it.
        Arbitrary<String> zones = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(zone)), Tuple.of(1, Arbitraries.of(ZONES)));
        Arbitrary<Calendar> calendar = Combinators.combine(zones, windows(0, 3, day.getDayOfWeek()),
                        freezes(day).list().ofMaxSize(2))
                .as((z, windows, freezes) -> new Calendar("c", z, windows, freezes))
                .injectNull(0.2);
        Arbitrary<Integer> notBeforeMinutes = Arbitraries.integers().between(0, 7 * 24 * 60).injectNull(0.6);
        return Combinators.combine(first, calendar, windows(0, 2, day.getDayOfWeek()), zones, notBeforeMinutes,
                        Arbitraries.integers().between(0, 3 * 24 * 60),
                        Arbitraries.integers().between(0, 72).map(fives -> Duration.ofMinutes(5L * fives)))
                .as((start, cal, windows, z, nb, fromMinutes, expected) -> {
                    Instant notBefore = nb == null ? null : start.plus(Duration.ofMinutes(nb));
                    Schedule schedule = new Schedule(notBefore, cal == null ? null : "c", windows,
                            windows.isEmpty() ? null : z);
                    return new Case(start, schedule, cal, start.plus(Duration.ofMinutes(fromMinutes)), expected);
                });
    }

    /** Windows that most often include {@code day}, the day the clocks do something. */
    private static Arbitrary<List<WeeklyWindow>> windows(int min, int max, DayOfWeek day) {
        Arbitrary<Set<DayOfWeek>> days = Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(7)
                .flatMap(set -> Arbitraries.of(true, true, false).map(withDay -> {
                    Set<DayOfWeek> all = EnumSet.copyOf(set);
                    if (withDay) {
                        all.add(day);
                    }
                    return all;
                }));
        return Combinators.combine(days, times(), times())
                .as(WeeklyWindow::new)
                .filter(w -> !w.start().equals(w.end()))
                .list().ofMinSize(min).ofMaxSize(max);
    }

    /** Quarter hours, most of them in the small hours when clocks change. */
    private static Arbitrary<LocalTime> times() {
        Arbitrary<LocalTime> night = Arbitraries.integers().between(0, 4 * 4).map(q -> LocalTime.of(0, 0).plusMinutes(15L * q));
        Arbitrary<LocalTime> anyTime = Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.of(0, 0).plusMinutes(15L * q));
        return Arbitraries.frequencyOf(Tuple.of(3, night), Tuple.of(2, anyTime));
    }

    private static Arbitrary<Freeze> freezes(LocalDate day) {
        return Combinators.combine(Arbitraries.integers().between(-5 * 96, 4 * 96), Arbitraries.integers().between(1, 4 * 96))
                .as((startQuarters, quarters) -> {
                    var start = day.atStartOfDay().plusMinutes(15L * startQuarters);
                    return new Freeze(start, start.plusMinutes(15L * quarters), "release freeze");
                });
    }

    @Property(tries = 200)
    void nextOpeningIsTheFirstAllowedMinute(@ForAll("cases") Case c) {
        MinuteByMinute reference = new MinuteByMinute(c.first(), c.end(), c.schedule(), c.calendar());
        Availability availability = Availability.of(c.schedule(), c.calendar());

        Instant expected = reference.nextStart(c.from(), Duration.ZERO);
        Instant actual = availability.nextOpening(c.from()).orElse(null);

        Statistics.label("opens").collect(expected == null ? "not in range" : expected.equals(c.from()) ? "now" : "later");
        if (expected != null) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual == null || !actual.isBefore(reference.end())).as("opening %s", actual).isTrue();
        }
    }

    @Property(tries = 200)
    void nextStartIsTheFirstMinuteFromWhichTheWaveFits(@ForAll("cases") Case c) {
        MinuteByMinute reference = new MinuteByMinute(c.first(), c.end(), c.schedule(), c.calendar());
        Availability availability = Availability.of(c.schedule(), c.calendar());

        Instant expected = reference.nextStart(c.from(), c.expected());
        Instant actual = availability.nextStart(c.from(), c.expected()).orElse(null);

        Statistics.label("fits").collect(expected == null ? "not in range" : expected.equals(c.from()) ? "now" : "later");
        if (expected != null) {
            assertThat(actual).isEqualTo(expected);
        } else {
            // The reference sees no fit that ends inside its range; any answer must end beyond it.
            assertThat(actual == null || actual.plus(c.expected()).isAfter(reference.end())).as("start %s", actual).isTrue();
        }
    }

    @Property(tries = 100)
    void fitsBeforeCloseAndIsOpenAgreeWithTheReferenceAtEveryQuarterHour(@ForAll("cases") Case c) {
        MinuteByMinute reference = new MinuteByMinute(c.first(), c.end(), c.schedule(), c.calendar());
        Availability availability = Availability.of(c.schedule(), c.calendar());
        Instant last = c.end().minus(c.expected()).minus(Duration.ofDays(1));

        for (Instant t = c.from(); t.isBefore(last); t = t.plus(Duration.ofMinutes(15))) {
            assertThat(availability.isOpen(t)).as("open at %s", t).isEqualTo(reference.isOpen(t));
            assertThat(availability.fitsBeforeClose(t, c.expected())).as("fits at %s", t)
                    .isEqualTo(reference.fits(t, c.expected()));
        }
    }
}
