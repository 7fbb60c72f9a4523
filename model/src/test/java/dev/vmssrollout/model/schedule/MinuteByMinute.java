package dev.vmssrollout.model.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The reference the window arithmetic is checked against: every minute of a range, one by one.
 * It never turns a wall-clock time into an instant through java.time's zone rules; it only reads
 * the wall clock at each minute and says a time is reached at the first minute the clock has
 * shown it or something later. A window is open from when its start is reached until its end is.
 */
final class MinuteByMinute {

    private final Instant first;
    private final int minutes;
    private final boolean[] allowed;
    private int[] runs;

    MinuteByMinute(Instant first, Instant end, Schedule schedule, Calendar calendar) {
        this.first = first;
        this.minutes = (int) Duration.between(first, end).toMinutes();
        this.allowed = new boolean[minutes];
        java.util.Arrays.fill(allowed, true);
        if (schedule != null && schedule.notBefore() != null) {
            for (int i = 0; i < minutes; i++) {
                allowed[i] &= !at(i).isBefore(schedule.notBefore());
            }
        }
        if (calendar != null && !calendar.windows().isEmpty()) {
            keepOnly(windows(calendar.windows(), calendar.zone()));
        }
        if (schedule != null && !schedule.windows().isEmpty()) {
            keepOnly(windows(schedule.windows(), schedule.zone()));
        }
        if (calendar != null) {
            Clock clock = new Clock(calendar.zone());
            for (Freeze freeze : calendar.freezes()) {
                for (int i = clock.reached(freeze.start()); i < clock.reached(freeze.end()); i++) {
                    allowed[i] = false;
                }
            }
        }
    }

    Instant at(int minute) {
        return first.plus(Duration.ofMinutes(minute));
    }

    int minuteOf(Instant t) {
        return (int) Duration.between(first, t).toMinutes();
    }

    Instant end() {
        return at(minutes);
    }

    boolean isOpen(Instant t) {
        return allowed[minuteOf(t)];
    }

    /** The first minute at or after {@code from} that starts {@code expected} of allowed minutes, or null within the range. */
    Instant nextStart(Instant from, Duration expected) {
        int need = Math.max((int) expected.toMinutes(), 1);
        int[] run = allowedRuns();
        for (int i = minuteOf(from); i + need <= minutes; i++) {
            if (run[i] >= need) {
                return at(i);
            }
        }
        return null;
    }

    /** Whether the minutes from {@code t} for {@code expected} are all allowed (for zero: whether {@code t} is). */
    boolean fits(Instant t, Duration expected) {
        return allowedRuns()[minuteOf(t)] >= Math.max((int) expected.toMinutes(), 1);
    }

    /** For every minute, how many allowed minutes follow from it without a break (itself included). */
    private int[] allowedRuns() {
        if (runs == null) {
            runs = new int[minutes + 1];
            for (int i = minutes - 1; i >= 0; i--) {
                runs[i] = allowed[i] ? runs[i + 1] + 1 : 0;
            }
        }
        return runs;
    }

    private void keepOnly(boolean[] open) {
        for (int i = 0; i < minutes; i++) {
            allowed[i] &= open[i];
        }
    }

    private boolean[] windows(List<WeeklyWindow> windows, ZoneId zone) {
        Clock clock = new Clock(zone);
        boolean[] open = new boolean[minutes];
        LocalDate firstDay = clock.local[0].toLocalDate().minusDays(1);
        LocalDate lastDay = clock.local[minutes - 1].toLocalDate();
        for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            for (WeeklyWindow w : windows) {
                if (!w.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                LocalDate endDay = w.end().isAfter(w.start()) ? day : day.plusDays(1);
                for (int i = clock.reached(day.atTime(w.start())); i < clock.reached(endDay.atTime(w.end())); i++) {
                    open[i] = true;
                }
            }
        }
        return open;
    }

    /** The wall clock at every minute of the range, and the latest time it has shown so far. */
    private final class Clock {
        final LocalDateTime[] local = new LocalDateTime[minutes];
        final LocalDateTime[] latestShown = new LocalDateTime[minutes];

        Clock(ZoneId zone) {
            for (int i = 0; i < minutes; i++) {
                local[i] = LocalDateTime.ofInstant(at(i), zone);
                latestShown[i] = i == 0 || local[i].isAfter(latestShown[i - 1]) ? local[i] : latestShown[i - 1];
            }
        }

        /** The first minute at which the clock has shown {@code time} or later; the range's end if it never has. */
        int reached(LocalDateTime time) {
            // latestShown never goes down: the first minute at or past `time` can be bisected.
            int low = 0;
            int high = minutes;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (latestShown[mid].isBefore(time)) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }
}
