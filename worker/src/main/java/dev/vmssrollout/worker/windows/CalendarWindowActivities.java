package dev.vmssrollout.worker.windows;

import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.WindowDecision;
import dev.vmssrollout.model.store.CalendarStore;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.workflows.WindowActivities;
import dev.vmssrollout.workflows.WindowCheck;
import io.temporal.failure.ApplicationFailure;

import java.util.Optional;
import java.util.function.Function;

/**
 * Decides a rollout's window check against the calendar as stored now, so a freeze added while a
 * rollout waits holds it. A database that is down is retried by Temporal: the rollout keeps waiting.
 */
public final class CalendarWindowActivities implements WindowActivities {

    private final Function<String, Optional<Calendar>> calendars;

    public CalendarWindowActivities(CalendarStore store) {
        this(store::find);
    }

    private CalendarWindowActivities(Function<String, Optional<Calendar>> calendars) {
        this.calendars = calendars;
    }

    /** For a worker without a calendar store: inline windows and notBefore work, a named calendar never opens. */
    public static CalendarWindowActivities withoutCalendars() {
        return new CalendarWindowActivities(name -> Optional.empty());
    }

    @Override
    public WindowDecision check(WindowCheck request) {
        String name = request.schedule().calendar();
        Calendar calendar;
        try {
            calendar = name == null ? null : calendars.apply(name).orElse(null);
        } catch (StoreUnavailableException down) {
            throw ApplicationFailure.newFailureWithCause("database unavailable while reading calendar " + name,
                    "STORE_UNAVAILABLE", down);
        }
        return WindowDecision.of(request.schedule(), calendar, request.at(), request.expected());
    }
}
