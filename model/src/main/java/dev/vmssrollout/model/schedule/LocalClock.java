package dev.vmssrollout.model.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;

/** Turns wall-clock times into instants the way a person reading the clock on the wall would. */
final class LocalClock {

    private LocalClock() {
    }

    /**
     * The first instant at which the wall clock in {@code zone} shows {@code local} or later. In a
     * daylight-saving gap (02:30 on the night clocks jump from 02:00 to 03:00) that is the jump
     * itself, not java.time's default of shifting the time by the gap's length; in an overlap
     * (02:30 on the night clocks go back) it is the first of the two 02:30s.
     */
    static Instant firstReached(LocalDateTime local, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        Instant earliest = local.toInstant(offsets.get(0));
        for (ZoneOffset offset : offsets) {
            Instant candidate = local.toInstant(offset);
            if (candidate.isBefore(earliest)) {
                earliest = candidate;
            }
        }
        return earliest;
    }
}
