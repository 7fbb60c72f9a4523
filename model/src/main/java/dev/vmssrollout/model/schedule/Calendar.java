package dev.vmssrollout.model.schedule;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named maintenance calendar: changes are allowed inside its weekly windows (any time when it
 * has none) and never during its freezes.
 *
 * @param timeZone an IANA time zone ID such as Europe/Berlin: windows and freezes are in its local time
 */
public record Calendar(String name, String timeZone, List<WeeklyWindow> windows, List<Freeze> freezes) {

    public Calendar {
        // Not List.copyOf: a null element is a violation for CalendarValidator to report, not an NPE.
        windows = windows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(windows));
        freezes = freezes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(freezes));
    }

    /** Only for a calendar that passed {@link CalendarValidator}. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public Calendar named(String newName) {
        return new Calendar(newName, timeZone, windows, freezes);
    }
}
