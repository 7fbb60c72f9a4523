package dev.vmssrollout.api.calendars;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.store.CalendarStore;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/**
 * The calendar a submitted plan runs under: the one it names, which must exist, or else the
 * default of its resource group or subscription, written into the stored plan so the rollout
 * shows (and keeps) the calendar it waits for.
 */
@Service
public class CalendarResolution {

    private final CalendarStore calendars;

    CalendarResolution(CalendarStore calendars) {
        this.calendars = calendars;
    }

    public RolloutPlan resolve(RolloutPlan plan) {
        Schedule schedule = plan.schedule();
        if (schedule != null && schedule.calendar() != null) {
            if (calendars.find(schedule.calendar()).isEmpty()) {
                String message = "there is no calendar named '" + schedule.calendar() + "'; create it with PUT /api/v1/calendars/"
                        + schedule.calendar() + " or leave schedule.calendar out";
                throw new ApiProblemException(ProblemType.INVALID_REQUEST, message,
                        List.of(new FieldViolation("schedule.calendar", message)));
            }
            return plan;
        }
        Optional<String> byDefault = calendars.defaultFor(plan.target());
        if (byDefault.isEmpty()) {
            return plan;
        }
        return plan.withSchedule(schedule == null ? Schedule.calendar(byDefault.get()) : schedule.withCalendar(byDefault.get()));
    }
}
