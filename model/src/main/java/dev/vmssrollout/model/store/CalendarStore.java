package dev.vmssrollout.model.store;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.schedule.Calendar;

import java.util.List;
import java.util.Optional;

/** Named maintenance calendars. Every method throws {@link StoreUnavailableException} when the database cannot be reached. */
public interface CalendarStore {

    /**
     * Creates or replaces the calendar; returns true when it was created.
     *
     * @throws CalendarConflictException another calendar is already the default for one of its scopes
     */
    boolean put(Calendar calendar, String by);

    Optional<Calendar> find(String name);

    /** By name. */
    List<Calendar> list();

    /**
     * Deletes the calendar; false when there was none.
     *
     * @throws CalendarConflictException a rollout that has not ended uses it
     */
    boolean delete(String name);

    /** The calendar that applies by default to the scale set: its resource group's, else its subscription's. */
    Optional<String> defaultFor(ScaleSetRef scaleSet);

    /** IDs of the rollouts that have not ended and whose plan names the calendar. */
    List<String> activeRolloutsUsing(String name);
}
