package dev.vmssrollout.model.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule (with its calendar, if it names one) allows changes: the window arithmetic,
 * as pure functions of instants. java.time does the time-zone work; {@link LocalClock} only picks
 * which instant a wall-clock time means on the nights the clocks change.
 */
public final class Availability {

    /** How far ahead an opening is looked for; a schedule with none by then never opens. */
    public static final Duration HORIZON = Duration.ofDays(731);
    private static final Duration FIRST_SPAN = Duration.ofDays(8);

    private final Instant notBefore;
    private final List<Windows> windows = new ArrayList<>();
    private final Calendar calendar;

    private Availability(Schedule schedule, Calendar calendar) {
        this.notBefore = schedule == null ? null : schedule.notBefore();
        this.calendar = calendar;
        if (calendar != null && !calendar.windows().isEmpty()) {
            windows.add(new Windows(calendar.windows(), calendar.zone()));
        }
        if (schedule != null && !schedule.windows().isEmpty()) {
            windows.add(new Windows(schedule.windows(), schedule.zone()));
        }
    }

    /**
     * @param calendar the calendar the schedule names, or null when it names none
     */
    public static Availability of(Schedule schedule, Calendar calendar) {
        return new Availability(schedule, calendar);
    }

    /** The instants in [from, to) at which changes are allowed. */
    public List<Interval> allowed(Instant from, Instant to) {
        List<Interval> open = List.of(new Interval(notBefore == null ? from : Intervals.max(from, notBefore), to));
        open = Intervals.union(open);
        for (Windows w : windows) {
            open = Intervals.intersect(open, w.occurrences(from, to));
        }
        return Intervals.subtract(open, freezes(from, to));
    }

    public boolean isOpen(Instant t) {
        return allowed(t, t.plusSeconds(1)).stream().anyMatch(i -> i.contains(t));
    }

    /** The first instant at or after {@code from} at which changes are allowed. */
    public Optional<Instant> nextOpening(Instant from) {
        return nextStart(from, Duration.ZERO);
    }

    /**
     * The first instant at or after {@code from} from which changes stay allowed for {@code expected}
     * without a break: when a wave that takes that long may start.
     */
    public Optional<Instant> nextStart(Instant from, Duration expected) {
        Instant limit = from.plus(HORIZON);
        Duration span = FIRST_SPAN;
        while (true) {
            Instant to = Intervals.min(from.plus(span), limit);
            for (Interval open : allowed(from, to)) {
                Instant start = open.start();
                // An interval cut off at `to` may go on beyond it: only a fit inside the span counts.
                if (!start.plus(expected).isAfter(open.end())) {
                    return Optional.of(start);
                }
            }
            if (!to.isBefore(limit)) {
                return Optional.empty();
            }
            span = span.multipliedBy(2);
        }
    }

    /** Whether a wave starting at {@code t} and taking {@code expected} ends before the window closes. */
    public boolean fitsBeforeClose(Instant t, Duration expected) {
        if (expected.isZero()) {
            return isOpen(t);
        }
        List<Interval> open = allowed(t, t.plus(expected));
        return open.size() == 1 && open.get(0).equals(new Interval(t, t.plus(expected)));
    }

    /** The freeze in force at {@code t}, if any. */
    public Optional<Freeze> freezeAt(Instant t) {
        if (calendar == null) {
            return Optional.empty();
        }
        ZoneId zone = calendar.zone();
        return calendar.freezes().stream()
                .filter(f -> new Interval(LocalClock.firstReached(f.start(), zone), LocalClock.firstReached(f.end(), zone))
                        .contains(t))
                .findFirst();
    }

    /** Why changes are not allowed at {@code t}, in words; null when they are. */
    public String whyClosed(Instant t) {
        if (notBefore != null && t.isBefore(notBefore)) {
            return "not before " + notBefore;
        }
        Optional<Freeze> freeze = freezeAt(t);
        if (freeze.isPresent()) {
            return "freeze until " + freeze.get().end() + " (" + calendar.timeZone() + "): " + freeze.get().reason();
        }
        return isOpen(t) ? null : "outside the maintenance windows";
    }

    /** The calendar's freezes that overlap [from, to), clipped to it, in the order the calendar lists them. */
    public List<FrozenPeriod> frozenPeriods(Instant from, Instant to) {
        if (calendar == null) {
            return List.of();
        }
        ZoneId zone = calendar.zone();
        List<FrozenPeriod> frozen = new ArrayList<>();
        for (Freeze freeze : calendar.freezes()) {
            Instant start = LocalClock.firstReached(freeze.start(), zone);
            Instant end = LocalClock.firstReached(freeze.end(), zone);
            if (end.isAfter(from) && start.isBefore(to)) {
                frozen.add(new FrozenPeriod(new Interval(Intervals.max(start, from), Intervals.min(end, to)), freeze.reason()));
            }
        }
        return frozen;
    }

    private List<Interval> freezes(Instant from, Instant to) {
        return Intervals.union(frozenPeriods(from, to).stream().map(FrozenPeriod::interval).toList());
    }

    /** One set of weekly windows in one time zone: changes are allowed inside any of them. */
    private record Windows(List<WeeklyWindow> windows, ZoneId zone) {

        List<Interval> occurrences(Instant from, Instant to) {
            // From the day before: a window that opened last night may still be open.
            LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
            LocalDate last = to.atZone(zone).toLocalDate();
            List<Interval> open = new ArrayList<>();
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                for (WeeklyWindow w : windows) {
                    if (!w.days().contains(day.getDayOfWeek())) {
                        continue;
                    }
                    Instant opens = LocalClock.firstReached(day.atTime(w.start()), zone);
                    Instant closes = LocalClock.firstReached(
                            (w.crossesMidnight() ? day.plusDays(1) : day).atTime(w.end()), zone);
                    Interval clipped = new Interval(Intervals.max(opens, from), Intervals.min(closes, to));
                    open.add(clipped);
                }
            }
            return Intervals.union(open);
        }
    }
}
