package dev.vmssrollout.model.schedule;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named maintenance calendar: changes are allowed inside its weekly windows (any time when it
 * has none) and never during its freezes.
 *
 * @param timeZone   an IANA time zone ID such as Europe/Berlin: windows and freezes are in its local time
 * @param defaultFor subscriptions and resource groups whose rollouts use this calendar when their plan names none
 */
public record Calendar(String name, String timeZone, List<WeeklyWindow> windows, List<Freeze> freezes,
                       List<CalendarScope> defaultFor) {

    public Calendar {
        // Not List.copyOf: a null element is a violation for ScheduleValidator to report, not an NPE.
        windows = windows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(windows));
        freezes = freezes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(freezes));
        defaultFor = defaultFor == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(defaultFor));
    }

    public Calendar(String name, String timeZone, List<WeeklyWindow> windows, List<Freeze> freezes) {
        this(name, timeZone, windows, freezes, List.of());
    }

    /** Only for a calendar that passed {@link CalendarValidator}. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public Calendar named(String newName) {
        return new Calendar(newName, timeZone, windows, freezes, defaultFor);
    }
}
