package dev.vmssrollout.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.CalendarScope;
import dev.vmssrollout.model.store.CalendarConflictException;
import dev.vmssrollout.model.store.CalendarStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Maintenance calendars on PostgreSQL (table {@code calendars}, migration V3). */
public final class JdbcCalendarStore implements CalendarStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final StoreJson json;

    public JdbcCalendarStore(DataSource dataSource) {
        this(dataSource, new ObjectMapper());
    }

    public JdbcCalendarStore(DataSource dataSource, ObjectMapper objectMapper) {
        Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = JdbcClient.create(new JdbcTemplate(dataSource));
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = new StoreJson(objectMapper);
    }

    @Override
    public boolean put(Calendar calendar, String by) {
        Objects.requireNonNull(calendar, "calendar");
        return StoreFailures.guard("put calendar", () -> tx.execute(status -> {
            int updated = jdbc.sql("UPDATE calendars SET definition = :definition::jsonb, updated_by = :by, updated_at = :at "
                            + "WHERE name = :name")
                    .param("definition", json.write(calendar)).param("by", by)
                    .param("at", Timestamps.toDb(Instant.now())).param("name", calendar.name())
                    .update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO calendars (name, definition, updated_by, updated_at) "
                                + "VALUES (:name, :definition::jsonb, :by, :at)")
                        .param("definition", json.write(calendar)).param("by", by)
                        .param("at", Timestamps.toDb(Instant.now())).param("name", calendar.name())
                        .update();
            }
            jdbc.sql("DELETE FROM calendar_defaults WHERE calendar = :name").param("name", calendar.name()).update();
            for (CalendarScope scope : calendar.defaultFor()) {
                claim(calendar.name(), scope);
            }
            return updated == 0;
        }));
    }

    private void claim(String calendar, CalendarScope scope) {
        String resourceGroup = scope.resourceGroup() == null ? "" : scope.resourceGroup();
        String holder = jdbc.sql("SELECT calendar FROM calendar_defaults WHERE lower(subscription_id) = lower(:s) "
                        + "AND lower(resource_group) = lower(:rg)")
                .param("s", scope.subscriptionId()).param("rg", resourceGroup)
                .query(String.class).optional().orElse(null);
        if (holder == null) {
            try {
                jdbc.sql("INSERT INTO calendar_defaults (calendar, subscription_id, resource_group) VALUES (:c, :s, :rg)")
                        .param("c", calendar).param("s", scope.subscriptionId()).param("rg", resourceGroup)
                        .update();
                return;
            } catch (DuplicateKeyException raced) {
                holder = "another calendar"; // claimed by a concurrent PUT since the SELECT above
            }
        }
        throw new CalendarConflictException((holder.equals("another calendar") ? holder : "calendar '" + holder + "'")
                + " is already the default for " + scope + "; remove it from that calendar's defaultFor first");
    }

    @Override
    public Optional<Calendar> find(String name) {
        return StoreFailures.guard("find calendar", () -> jdbc.sql("SELECT definition::text FROM calendars WHERE name = :name")
                .param("name", name).query(String.class).optional().map(this::read));
    }

    @Override
    public List<Calendar> list() {
        return StoreFailures.guard("list calendars", () -> jdbc.sql("SELECT definition::text FROM calendars ORDER BY name")
                .query(String.class).list().stream().map(this::read).toList());
    }

    @Override
    public boolean delete(String name) {
        return StoreFailures.guard("delete calendar", () -> tx.execute(status -> {
            // Locks the row first: a rollout submitted meanwhile either sees the calendar gone or is listed here.
            if (jdbc.sql("SELECT name FROM calendars WHERE name = :name FOR UPDATE").param("name", name)
                    .query(String.class).optional().isEmpty()) {
                return false;
            }
            List<String> users = activeRolloutsUsing(name);
            if (!users.isEmpty()) {
                throw new CalendarConflictException("calendar '" + name + "' is used by rollouts that have not ended: "
                        + String.join(", ", users) + "; wait for them to end or cancel them first");
            }
            return jdbc.sql("DELETE FROM calendars WHERE name = :name").param("name", name).update() == 1;
        }));
    }

    @Override
    public Optional<String> defaultFor(ScaleSetRef scaleSet) {
        // The resource group's default (resource_group <> '') sorts before the subscription's ('').
        return StoreFailures.guard("default calendar", () -> jdbc.sql("""
                        SELECT calendar FROM calendar_defaults
                        WHERE lower(subscription_id) = lower(:s) AND (resource_group = '' OR lower(resource_group) = lower(:rg))
                        ORDER BY resource_group = '' LIMIT 1""")
                .param("s", scaleSet.subscriptionId()).param("rg", scaleSet.resourceGroup())
                .query(String.class).optional());
    }

    @Override
    public List<String> activeRolloutsUsing(String name) {
        return StoreFailures.guard("rollouts using calendar", () -> jdbc.sql(
                        "SELECT id FROM rollouts WHERE plan -> 'schedule' ->> 'calendar' = :name AND state NOT IN (:terminal) "
                                + "ORDER BY created_at")
                .param("name", name).param("terminal", StateRules.TERMINAL_ROLLOUT_STATES)
                .query(String.class).list());
    }

    private Calendar read(String definition) {
        return json.read(definition, Calendar.class);
    }
}
