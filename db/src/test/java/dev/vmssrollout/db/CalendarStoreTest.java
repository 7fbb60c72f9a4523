package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.CalendarScope;
import dev.vmssrollout.model.schedule.Freeze;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WeeklyWindow;
import dev.vmssrollout.model.store.CalendarConflictException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static dev.vmssrollout.db.Fixtures.SUBSCRIPTION;
import static dev.vmssrollout.db.Fixtures.freshScaleSet;
import static dev.vmssrollout.db.Fixtures.newRollout;
import static dev.vmssrollout.db.Fixtures.planFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarStoreTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private static JdbcCalendarStore calendars;
    private static JdbcRolloutStore rollouts;

    @BeforeAll
    static void stores() {
        calendars = new JdbcCalendarStore(db.dataSource());
        rollouts = new JdbcRolloutStore(db.dataSource());
    }

    private static Calendar tuesdayNight(String name, CalendarScope... defaults) {
        return new Calendar(name, "Europe/Berlin", List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "02:00")),
                List.of(new Freeze(LocalDateTime.parse("2026-12-20T00:00"), LocalDateTime.parse("2027-01-04T00:00"), "year end")),
                List.of(defaults));
    }

    @Test
    void aCalendarReadsBackAsItWasPutAndAPutReplacesIt() {
        assertThat(calendars.put(tuesdayNight("read-back"), "alice")).isTrue();
        assertThat(calendars.find("read-back")).contains(tuesdayNight("read-back"));

        Calendar changed = new Calendar("read-back", "UTC", List.of(), List.of());
        assertThat(calendars.put(changed, "bob")).isFalse();
        assertThat(calendars.find("read-back")).contains(changed);
        assertThat(calendars.list()).extracting(Calendar::name).contains("read-back");
        assertThat(calendars.find("never-put")).isEmpty();
    }

    @Test
    void theResourceGroupsDefaultWinsOverTheSubscriptions() {
        calendars.put(tuesdayNight("whole-subscription", new CalendarScope(SUBSCRIPTION, null)), "alice");
        calendars.put(tuesdayNight("payments-rg", new CalendarScope(SUBSCRIPTION, "Payments-RG")), "alice");

        assertThat(calendars.defaultFor(new ScaleSetRef(SUBSCRIPTION, "payments-rg", "api"))).contains("payments-rg");
        assertThat(calendars.defaultFor(new ScaleSetRef(SUBSCRIPTION, "demo-rg", "web"))).contains("whole-subscription");
        assertThat(calendars.defaultFor(new ScaleSetRef("11111111-1111-1111-1111-111111111111", "demo-rg", "web"))).isEmpty();

        assertThatThrownBy(() -> calendars.put(tuesdayNight("thief", new CalendarScope(SUBSCRIPTION, "payments-rg")), "bob"))
                .isInstanceOf(CalendarConflictException.class)
                .hasMessageContaining("calendar 'payments-rg' is already the default for " + SUBSCRIPTION + "/payments-rg");
        assertThat(calendars.find("thief")).isEmpty();
    }

    @Test
    void aCalendarInUseByARolloutThatHasNotEndedCannotBeDeleted() {
        calendars.put(tuesdayNight("in-use"), "alice");
        ScaleSetRef target = freshScaleSet();
        String id = rollouts.create(newRollout(planFor(target).withSchedule(Schedule.calendar("in-use")))).rollout().id();

        assertThatThrownBy(() -> calendars.delete("in-use")).isInstanceOf(CalendarConflictException.class)
                .hasMessageContaining(id);
        assertThat(calendars.activeRolloutsUsing("in-use")).containsExactly(id);

        rollouts.record(new ProgressEvent(id, 2, Instant.now(), EventType.CANCELLED, "bob", "rollout cancelled: x",
                RolloutState.CANCELLED, null, null, Map.of(), null, null));
        assertThat(calendars.delete("in-use")).isTrue();
        assertThat(calendars.delete("in-use")).isFalse();
    }

    @Test
    void aWaitingRolloutShowsWhenItsWindowOpensUntilItLeavesTheWait() {
        String id = rollouts.create(newRollout(freshScaleSet())).rollout().id();
        Instant opens = Instant.parse("2026-12-08T21:00:00Z");

        rollouts.record(new ProgressEvent(id, 2, Instant.now(), EventType.WAITING_FOR_WINDOW, null, "waiting",
                RolloutState.WAITING_FOR_WINDOW, null, null, Map.of(), null, null, opens));
        assertThat(nextWindowStart(id)).isEqualTo(opens);

        rollouts.record(new ProgressEvent(id, 3, Instant.now(), EventType.WINDOW_OPENED, null, "open",
                RolloutState.RUNNING, null, null, Map.of(), null, null));
        assertThat(nextWindowStart(id)).isNull();
    }

    private static Instant nextWindowStart(String id) {
        return org.springframework.jdbc.core.simple.JdbcClient.create(db.dataSource())
                .sql("SELECT next_window_start FROM rollouts WHERE id = :id").param("id", id)
                .query((rs, n) -> java.util.Optional.ofNullable(Timestamps.read(rs, "next_window_start"))).single()
                .orElse(null);
    }
}
