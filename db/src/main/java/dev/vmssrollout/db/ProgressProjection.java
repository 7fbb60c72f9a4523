package dev.vmssrollout.db;

import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.EventConflictException;
import dev.vmssrollout.model.store.UnknownRolloutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records progress events and applies them to the rollout's rows: the event and everything it
 * changes commit together, or not at all, so the rows never disagree with the log.
 */
final class ProgressProjection {

    private record RolloutRow(long lastSeq, RolloutState state, String stateReason, Integer currentWave,
                              Integer wavesTotal) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final StoreJson json;
    private final EventLog events;
    private final WaveRows waveRows;

    ProgressProjection(JdbcTemplate jdbcTemplate, TransactionTemplate tx, StoreJson json) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
        this.json = json;
        this.events = new EventLog(jdbc, json);
        this.waveRows = new WaveRows(jdbc);
    }

    boolean record(ProgressEvent hostile) {
        ProgressEvent event = storable(hostile);
        requireWellFormed(event);
        Boolean recorded = tx.execute(status -> {
            // The row lock orders concurrent writers of one rollout, so projections apply in a single line.
            RolloutRow rollout = lockRollout(event.rolloutId());
            if (!events.append(event)) {
                EventType stored = events.typeOf(event.rolloutId(), event.seq()).orElseThrow();
                if (stored != event.type()) {
                    throw new EventConflictException(event.rolloutId(), event.seq(), stored, event.type());
                }
                return false;
            }
            project(event, rollout);
            return true;
        });
        return Boolean.TRUE.equals(recorded);
    }

    /** The event with its people's text (actor, message) escaped where the database could not hold it. */
    private static ProgressEvent storable(ProgressEvent event) {
        String actor = StoredText.escape(event.actor());
        String message = StoredText.escape(event.message());
        if (Objects.equals(actor, event.actor()) && Objects.equals(message, event.message())) {
            return event;
        }
        return new ProgressEvent(event.rolloutId(), event.seq(), event.at(), event.type(), actor, message,
                event.rolloutState(), event.wave(), event.waveState(), event.instances(), event.wavePlan(),
                event.baseline());
    }

    private void project(ProgressEvent event, RolloutRow rollout) {
        Integer wavesTotal = rollout.wavesTotal();
        if (event.wavePlan() != null) {
            wavesTotal = planWaves(event, rollout.wavesTotal() != null);
        }
        if (event.baseline() != null) {
            jdbc.sql("UPDATE rollouts SET baseline = :baseline::jsonb WHERE id = :id")
                    .param("baseline", json.write(event.baseline()))
                    .param("id", event.rolloutId())
                    .update();
        }
        if (event.waveState() != null) {
            updateWave(event);
        }
        if (!event.instances().isEmpty()) {
            updateInstances(event);
        }
        if (event.type() == EventType.APPROVED) {
            addApproval(event);
        }
        updateRollout(event, rollout, wavesTotal);
    }

    private void updateRollout(ProgressEvent event, RolloutRow rollout, Integer wavesTotal) {
        // An event that arrives after a newer one (out of order) still lands in the log and its rows,
        // but must not wind the rollout's own state back.
        boolean newest = event.seq() > rollout.lastSeq();
        RolloutState state = rollout.state();
        String reason = rollout.stateReason();
        if (newest && event.rolloutState() != null) {
            state = event.rolloutState();
            reason = StateRules.reasonFor(state, event.message());
            jdbc.sql("UPDATE rollouts SET next_window_start = :start WHERE id = :id")
                    .param("start", state == RolloutState.WAITING_FOR_WINDOW && event.nextWindowStart() != null
                            ? Timestamps.toDb(event.nextWindowStart()) : null, Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("id", event.rolloutId())
                    .update();
        }
        jdbc.sql("""
                        UPDATE rollouts
                        SET state = :state, state_reason = :reason, current_wave = :currentWave, waves_total = :wavesTotal,
                            last_seq = :lastSeq, updated_at = CASE WHEN :newest THEN :at ELSE updated_at END,
                            version = version + 1
                        WHERE id = :id""")
                .param("state", state.name())
                .param("reason", reason, Types.VARCHAR)
                .param("currentWave", newest && event.wave() != null ? event.wave() : rollout.currentWave(), Types.INTEGER)
                .param("wavesTotal", wavesTotal, Types.INTEGER)
                .param("lastSeq", Math.max(rollout.lastSeq(), event.seq()))
                .param("newest", newest)
                .param("at", Timestamps.toDb(event.at()))
                .param("id", event.rolloutId())
                .update();
    }

    /** @return the number of waves */
    private int planWaves(ProgressEvent event, boolean alreadyPlanned) {
        WavePlan plan = event.wavePlan();
        String rolloutId = event.rolloutId();
        if (alreadyPlanned) {
            // A resumed workflow carries on with the stored plan; a different one would orphan progress.
            WavePlan stored = WaveRows.plan(waveRows.waves(rolloutId), waveRows.instances(rolloutId));
            if (!stored.equals(plan)) {
                throw new IllegalArgumentException("rollout " + rolloutId + " already has a different wave plan ("
                        + stored.waves().size() + " waves); event " + event.seq() + " may not replace it");
            }
            return plan.waves().size();
        }
        OffsetDateTime at = Timestamps.toDb(event.at());
        List<Object[]> waves = new ArrayList<>();
        List<Object[]> instances = new ArrayList<>();
        for (Wave wave : plan.waves()) {
            if (wave.index() != waves.size()) {
                throw new IllegalArgumentException("wave plan of rollout " + rolloutId + " has wave " + wave.index()
                        + " at position " + waves.size() + "; waves must be numbered 0, 1, 2...");
            }
            waves.add(new Object[]{rolloutId, wave.index(), wave.label(), WaveState.PENDING.name()});
            for (int position = 0; position < wave.instanceIds().size(); position++) {
                instances.add(new Object[]{rolloutId, wave.instanceIds().get(position), wave.index(), position,
                        InstanceState.PENDING.name(), at});
            }
        }
        for (int position = 0; position < plan.skippedInstanceIds().size(); position++) {
            instances.add(new Object[]{rolloutId, plan.skippedInstanceIds().get(position), null, position,
                    InstanceState.SKIPPED.name(), at});
        }
        jdbcTemplate.batchUpdate("INSERT INTO waves (rollout_id, wave_index, label, state) VALUES (?, ?, ?, ?)",
                waves, new int[]{Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR});
        jdbcTemplate.batchUpdate("""
                        INSERT INTO instances (rollout_id, instance_id, wave_index, position, state, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)""",
                instances, new int[]{Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.VARCHAR,
                        Types.TIMESTAMP_WITH_TIMEZONE});
        return plan.waves().size();
    }

    private void updateWave(ProgressEvent event) {
        if (event.wave() == null) {
            throw new IllegalArgumentException("event " + event.seq() + " of rollout " + event.rolloutId()
                    + " sets wave state " + event.waveState() + " but names no wave");
        }
        WaveState state = event.waveState();
        boolean started = state == WaveState.UPGRADING;
        boolean finished = StateRules.FINISHED_WAVE_STATES.contains(state);
        int updated = jdbc.sql("""
                        UPDATE waves
                        SET state = :state,
                            started_at = CASE WHEN :started THEN :at ELSE started_at END,
                            completed_at = CASE WHEN :finished THEN :at WHEN :started THEN NULL ELSE completed_at END
                        WHERE rollout_id = :id AND wave_index = :wave""")
                .param("state", state.name())
                .param("started", started)
                .param("finished", finished)
                .param("at", Timestamps.toDb(event.at()))
                .param("id", event.rolloutId())
                .param("wave", event.wave())
                .update();
        if (updated == 0) {
            throw new IllegalArgumentException("rollout " + event.rolloutId() + " has no wave " + event.wave()
                    + " (event " + event.seq() + ", " + event.type() + "); waves must be planned first");
        }
    }

    private void updateInstances(ProgressEvent event) {
        // Sorted, so that the order of updates (and of row locks) does not depend on map iteration.
        List<Map.Entry<String, InstanceState>> changes = event.instances().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(InstanceIds.ORDER)).toList();
        OffsetDateTime at = Timestamps.toDb(event.at());
        // A changed state without a problem clears the one recorded before: it described an earlier moment.
        int[] counts = jdbcTemplate.batchUpdate("""
                        UPDATE instances SET state = ?, problem_code = ?, problem_message = ?, problem_health = ?,
                                             updated_at = ?
                        WHERE rollout_id = ? AND instance_id = ?""",
                changes.stream().map(c -> {
                    InstanceProblem problem = event.problems().get(c.getKey());
                    return new Object[]{c.getValue().name(), problem == null ? null : problem.code(),
                            problem == null ? null : problem.message(),
                            problem == null ? null : problem.health().name(), at, event.rolloutId(), c.getKey()};
                }).toList(),
                new int[]{Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE,
                        Types.VARCHAR, Types.VARCHAR});
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                unknown.add(changes.get(i).getKey());
            }
        }
        if (!unknown.isEmpty()) {
            unknown.sort(Comparator.comparing(s -> s, InstanceIds.ORDER));
            throw new IllegalArgumentException("rollout " + event.rolloutId() + " has no planned instance "
                    + String.join(", ", unknown) + " (event " + event.seq() + ", " + event.type() + ")");
        }
    }

    private void addApproval(ProgressEvent event) {
        if (event.wave() == null || event.actor() == null) {
            throw new IllegalArgumentException("APPROVED event " + event.seq() + " of rollout " + event.rolloutId()
                    + " needs the approved wave and the approver as actor");
        }
        jdbc.sql("""
                        INSERT INTO approvals (rollout_id, wave_index, approver, comment, approved_at)
                        VALUES (:id, :wave, :approver, :comment, :at)
                        ON CONFLICT DO NOTHING""")
                .param("id", event.rolloutId())
                .param("wave", event.wave())
                .param("approver", event.actor())
                .param("comment", event.message())
                .param("at", Timestamps.toDb(event.at()))
                .update();
    }

    private RolloutRow lockRollout(String rolloutId) {
        return jdbc.sql("""
                        SELECT last_seq, state, state_reason, current_wave, waves_total
                        FROM rollouts WHERE id = :id FOR UPDATE""")
                .param("id", rolloutId)
                .query((rs, row) -> new RolloutRow(rs.getLong("last_seq"), RolloutState.valueOf(rs.getString("state")),
                        rs.getString("state_reason"), rs.getObject("current_wave", Integer.class),
                        rs.getObject("waves_total", Integer.class)))
                .optional()
                .orElseThrow(() -> new UnknownRolloutException(rolloutId));
    }

    private static void requireWellFormed(ProgressEvent event) {
        List<String> missing = new ArrayList<>();
        if (event.rolloutId() == null) {
            missing.add("rolloutId");
        }
        if (event.seq() < 1) {
            missing.add("seq (1 or more)");
        }
        if (event.at() == null) {
            missing.add("at");
        }
        if (event.type() == null) {
            missing.add("type");
        }
        if (event.message() == null) {
            missing.add("message");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("progress event " + event.seq() + " of rollout " + event.rolloutId()
                    + " lacks " + String.join(", ", missing));
        }
    }
}
