package dev.vmssrollout.model.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * When a rollout may change Azure: not before {@code notBefore}, inside the named calendar's
 * windows and outside its freezes, and inside the inline {@code windows} (local times in
 * {@code timeZone}). Every part that is given applies; a schedule with none of them allows any time.
 */
public record Schedule(Instant notBefore, String calendar, List<WeeklyWindow> windows, String timeZone) {

    public Schedule {
        windows = windows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(windows));
    }

    public static Schedule notBefore(Instant notBefore) {
        return new Schedule(notBefore, null, List.of(), null);
    }

    public static Schedule calendar(String name) {
        return new Schedule(null, name, List.of(), null);
    }

    public Schedule withCalendar(String name) {
        return new Schedule(notBefore, name, windows, timeZone);
    }

    /** Only for a schedule that passed validation. */
    public ZoneId zone() {
        return timeZone == null ? null : ZoneId.of(timeZone);
    }
}
