package dev.vmssrollout.api.calendars;

import dev.vmssrollout.api.calendars.ScheduleSpecs.CalendarSpec;
import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.ScheduleValidator;
import dev.vmssrollout.model.store.CalendarConflictException;
import dev.vmssrollout.model.store.CalendarStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;

/** Maintenance calendars as the REST API manages them. */
@Service
class Calendars {

    record Put(CalendarSpec calendar, boolean created) {
    }

    private static final Logger log = LoggerFactory.getLogger(Calendars.class);

    private final CalendarStore store;
    private final RolloutWorkflows workflows;

    Calendars(CalendarStore store, RolloutWorkflows workflows) {
        this.store = store;
        this.workflows = workflows;
    }

    Put put(String name, CalendarSpec body, String user) {
        if (body == null) {
            throw invalid(List.of(new Violation("body", "a calendar is required: timeZone, windows, freezes, defaultFor")));
        }
        if (body.name() != null && !body.name().equals(name)) {
            throw invalid(List.of(new Violation("name", "'" + body.name() + "' differs from the name in the path ('" + name + "')")));
        }
        List<Violation> violations = new ArrayList<>();
        Calendar calendar = ScheduleSpecs.calendar(name, body, violations);
        violations.addAll(ScheduleValidator.validate(calendar));
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        boolean created;
        try {
            created = store.put(calendar, user);
        } catch (CalendarConflictException conflict) {
            throw new ApiProblemException(ProblemType.CALENDAR_CONFLICT, conflict.getMessage());
        }
        wakeRolloutsUsing(name);
        return new Put(ScheduleSpecs.spec(calendar), created);
    }

    List<CalendarSpec> list() {
        return store.list().stream().map(ScheduleSpecs::spec).toList();
    }

    CalendarSpec get(String name) {
        return ScheduleSpecs.spec(find(name));
    }

    Calendar find(String name) {
        return store.find(name).orElseThrow(() -> notFound(name));
    }

    void delete(String name) {
        boolean deleted;
        try {
            deleted = store.delete(name);
        } catch (CalendarConflictException inUse) {
            throw new ApiProblemException(ProblemType.CALENDAR_CONFLICT, inUse.getMessage());
        }
        if (!deleted) {
            throw notFound(name);
        }
    }

    /**
     * Rollouts waiting for this calendar check their window again now. The calendar is stored
     * already: one that misses the signal sees the change at its next check (within six hours, or
     * before its next wave).
     */
    private void wakeRolloutsUsing(String name) {
        for (String rolloutId : store.activeRolloutsUsing(name)) {
            try {
                workflows.calendarChanged(rolloutId);
            } catch (RuntimeException e) {
                log.warn("calendar {} changed but rollout {} could not be told now: {}", name, rolloutId, e.getMessage());
            }
        }
    }

    private static ApiProblemException notFound(String name) {
        return new ApiProblemException(ProblemType.NOT_FOUND, "there is no calendar named '" + name + "'");
    }

    private static ApiProblemException invalid(List<Violation> violations) {
        return new ApiProblemException(ProblemType.INVALID_REQUEST, "the calendar is invalid: " + violations.size()
                + " problem" + (violations.size() == 1 ? "" : "s") + " (see violations)", FieldViolation.of(violations));
    }
}
