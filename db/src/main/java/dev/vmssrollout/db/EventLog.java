package dev.vmssrollout.db;

import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.EventRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Types;
import java.util.List;
import java.util.Optional;

/** The append-only {@code events} table. */
final class EventLog {

    private final JdbcClient jdbc;
    private final StoreJson json;

    EventLog(JdbcClient jdbc, StoreJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return false when the rollout already has an event with this seq (nothing was written) */
    boolean append(ProgressEvent event) {
        int inserted = jdbc.sql("""
                        INSERT INTO events (rollout_id, seq, at, type, actor, message, wave_index, payload)
                        VALUES (:rolloutId, :seq, :at, :type, :actor, :message, :wave, :payload::jsonb)
                        ON CONFLICT (rollout_id, seq) DO NOTHING""")
                .param("rolloutId", event.rolloutId())
                .param("seq", event.seq())
                .param("at", Timestamps.toDb(event.at()))
                .param("type", event.type().name())
                .param("actor", event.actor(), Types.VARCHAR)
                .param("message", event.message())
                .param("wave", event.wave(), Types.INTEGER)
                .param("payload", json.write(StoreJson.EventPayload.of(event)))
                .update();
        return inserted == 1;
    }

    Optional<EventType> typeOf(String rolloutId, long seq) {
        return jdbc.sql("SELECT type FROM events WHERE rollout_id = :rolloutId AND seq = :seq")
                .param("rolloutId", rolloutId)
                .param("seq", seq)
                .query(String.class)
                .optional()
                .map(EventType::valueOf);
    }

    List<EventRecord> of(String rolloutId) {
        return jdbc.sql("""
                        SELECT seq, at, type, actor, message, wave_index
                        FROM events WHERE rollout_id = :rolloutId ORDER BY seq""")
                .param("rolloutId", rolloutId)
                .query((rs, row) -> new EventRecord(rs.getLong("seq"), Timestamps.read(rs, "at"),
                        EventType.valueOf(rs.getString("type")), rs.getString("actor"), rs.getString("message"),
                        rs.getObject("wave_index", Integer.class)))
                .list();
    }
}
