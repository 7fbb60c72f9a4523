package dev.vmssrollout.model.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a step of a rollout that takes about {@code expected} may start now.
 *
 * @param nextStart when it may start (now when {@code mayStart}); null when no time within
 *                  {@link Availability#HORIZON} leaves room for it
 * @param reason    why it may not start now, in words; null when it may
 */
public record WindowDecision(boolean mayStart, Instant nextStart, String reason) {

    /**
     * The decision for {@code schedule} with the calendar it names as stored now ({@code calendar}
     * null when it names none, or when the named one does not exist).
     */
    public static WindowDecision of(Schedule schedule, Calendar calendar, Instant now, Duration expected) {
        if (schedule.calendar() != null && calendar == null) {
            return calendarMissing(schedule.calendar());
        }
        return at(Availability.of(schedule, calendar), now, expected);
    }

    public static WindowDecision at(Availability availability, Instant now, Duration expected) {
        if (availability.fitsBeforeClose(now, expected)) {
            return new WindowDecision(true, now, null);
        }
        Instant next = availability.nextStart(now, expected).orElse(null);
        String why = availability.whyClosed(now);
        if (why == null) {
            why = "the window closes before a wave of " + words(expected) + " would end";
        }
        if (next == null) {
            why += "; no window in the next " + Availability.HORIZON.toDays() + " days leaves room for "
                    + words(expected) + ": change the schedule, or ask for an emergency override";
        }
        return new WindowDecision(false, next, why);
    }

    /** The schedule names a calendar that is not there: nothing may change until it is, or an override. */
    public static WindowDecision calendarMissing(String name) {
        return new WindowDecision(false, null, "calendar '" + name + "' does not exist; create it, or ask for an emergency override");
    }

    static String words(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
