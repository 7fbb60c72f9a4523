package dev.vmssrollout.db;

import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.ApprovalRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.model.store.WaveDetails;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What the API reads: one rollout in full, pages of summaries, a scale set's active rollout. */
final class RolloutReads {

    // Counts per rollout come from the waves and instances rows, so a page is one query however
    // many instances its rollouts have.
    private static final String SUMMARY = """
            SELECT r.id, r.subscription_id, r.resource_group, r.scale_set, r.state, r.state_reason, r.image_change,
                   r.submitted_by, r.waves_total, r.current_wave, r.created_at, r.updated_at,
                   w.completed AS waves_completed, w.waiting AS waiting_wave,
                   i.upgraded AS instances_upgraded, i.total AS instances_total
            FROM rollouts r
            CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE state = :waveSucceeded) AS completed,
                                       min(wave_index) FILTER (WHERE state = :waveWaiting) AS waiting
                                FROM waves WHERE rollout_id = r.id) w
            CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE state = :instanceHealthy) AS upgraded,
                                       count(*) AS total
                                FROM instances WHERE rollout_id = r.id AND wave_index IS NOT NULL) i
            """;
    private static final String NEWEST_FIRST = " ORDER BY r.created_at DESC, r.id DESC";

    private static final RowMapper<RolloutSummary> SUMMARY_ROW = (rs, row) -> {
        RolloutState state = RolloutState.valueOf(rs.getString("state"));
        Integer waiting = null;
        if (state == RolloutState.WAITING_FOR_APPROVAL) {
            // The wave row says which wave waits; the rollout's current wave covers an event that set no wave state.
            waiting = rs.getObject("waiting_wave", Integer.class);
            if (waiting == null) {
                waiting = rs.getObject("current_wave", Integer.class);
            }
        }
        return new RolloutSummary(rs.getString("id"),
                new ScaleSetRef(rs.getString("subscription_id"), rs.getString("resource_group"), rs.getString("scale_set")),
                state, rs.getString("state_reason"), rs.getString("image_change"), rs.getString("submitted_by"),
                rs.getInt("waves_completed"), rs.getInt("waves_total"),
                rs.getInt("instances_upgraded"), rs.getInt("instances_total"), waiting,
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"));
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate readTx;
    private final StoreJson json;
    private final WaveRows waveRows;
    private final EventLog events;

    RolloutReads(JdbcClient jdbc, TransactionTemplate readTx, StoreJson json) {
        this.jdbc = jdbc;
        this.readTx = readTx;
        this.json = json;
        this.waveRows = new WaveRows(jdbc);
        this.events = new EventLog(jdbc, json);
    }

    Optional<RolloutDetails> find(String rolloutId) {
        return readTx.execute(status -> jdbc.sql("""
                                SELECT id, plan, state, state_reason, submitted_by, created_at, updated_at, image_change,
                                       baseline, current_wave, waves_total, last_seq, next_window_start
                                FROM rollouts WHERE id = :id""")
                .param("id", rolloutId)
                .query((rs, row) -> new RolloutDetails(rs.getString("id"), json.readPlan(rs.getString("plan")),
                        RolloutState.valueOf(rs.getString("state")), rs.getString("state_reason"),
                        rs.getString("submitted_by"), Timestamps.read(rs, "created_at"),
                        Timestamps.read(rs, "updated_at"), rs.getString("image_change"),
                        json.readBaseline(rs.getString("baseline")), rs.getObject("current_wave", Integer.class),
                        rs.getObject("waves_total", Integer.class), rs.getLong("last_seq"),
                        List.of(), List.of(), List.of(), List.of(), Timestamps.read(rs, "next_window_start")))
                .optional()
                .map(this::withProgress));
    }

    OptionalLong version(String rolloutId) {
        return jdbc.sql("SELECT version FROM rollouts WHERE id = :id").param("id", rolloutId).query(Long.class)
                .optional().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    RolloutPage list(RolloutQuery query) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (query.state() != null) {
            conditions.add("r.state = :state");
            params.put("state", query.state().name());
        }
        if (query.subscriptionId() != null) {
            conditions.add("lower(r.subscription_id) = lower(:subscriptionId)");
            params.put("subscriptionId", query.subscriptionId());
        }
        if (query.resourceGroup() != null) {
            conditions.add("lower(r.resource_group) = lower(:resourceGroup)");
            params.put("resourceGroup", query.resourceGroup());
        }
        if (query.scaleSet() != null) {
            conditions.add("lower(r.scale_set) = lower(:scaleSet)");
            params.put("scaleSet", query.scaleSet());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return readTx.execute(status -> {
            long total = jdbc.sql("SELECT count(*) FROM rollouts r" + where).params(params).query(Long.class).single();
            List<RolloutSummary> items = jdbc.sql(SUMMARY + where + NEWEST_FIRST + " LIMIT :limit OFFSET :offset")
                    .params(params)
                    .params(summaryParams())
                    .param("limit", query.limit())
                    .param("offset", query.offset())
                    .query(SUMMARY_ROW)
                    .list();
            return new RolloutPage(items, total, query.limit(), query.offset());
        });
    }

    Optional<RolloutSummary> findActive(ScaleSetRef scaleSet) {
        return readTx.execute(status -> jdbc.sql(SUMMARY + """
                         WHERE lower(r.subscription_id) = lower(:subscriptionId)
                           AND lower(r.resource_group) = lower(:resourceGroup)
                           AND lower(r.scale_set) = lower(:scaleSet)
                           AND r.state NOT IN (:terminal)""")
                .params(summaryParams())
                .param("subscriptionId", scaleSet.subscriptionId())
                .param("resourceGroup", scaleSet.resourceGroup())
                .param("scaleSet", scaleSet.name())
                .param("terminal", StateRules.TERMINAL_ROLLOUT_STATES)
                .query(SUMMARY_ROW)
                .optional());
    }

    private RolloutDetails withProgress(RolloutDetails rollout) {
        String id = rollout.id();
        Map<Integer, List<InstanceStatus>> byWave = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (WaveRows.InstanceRow instance : waveRows.instances(id)) {
            if (instance.waveIndex() == null) {
                skipped.add(instance.instanceId());
            } else {
                byWave.computeIfAbsent(instance.waveIndex(), w -> new ArrayList<>())
                        .add(new InstanceStatus(instance.instanceId(), instance.state(), instance.problem()));
            }
        }
        skipped.sort(InstanceIds.ORDER);
        List<WaveDetails> waves = waveRows.waves(id).stream()
                .map(w -> new WaveDetails(w.index(), w.label(), w.state(), w.startedAt(), w.completedAt(),
                        byWave.getOrDefault(w.index(), List.of()).stream()
                                .sorted(Comparator.comparing(InstanceStatus::instanceId, InstanceIds.ORDER))
                                .toList()))
                .toList();
        List<ApprovalRecord> approvals = jdbc.sql("""
                        SELECT wave_index, approver, comment, approved_at
                        FROM approvals WHERE rollout_id = :id ORDER BY approved_at, wave_index, approver""")
                .param("id", id)
                .query((rs, row) -> new ApprovalRecord(rs.getInt("wave_index"), rs.getString("approver"),
                        rs.getString("comment"), Timestamps.read(rs, "approved_at")))
                .list();
        return new RolloutDetails(id, rollout.plan(), rollout.state(), rollout.stateReason(), rollout.submittedBy(),
                rollout.createdAt(), rollout.updatedAt(), rollout.imageChange(), rollout.baseline(),
                rollout.currentWave(), rollout.wavesTotal(), rollout.lastSeq(), waves, skipped, approvals,
                events.of(id), rollout.nextWindowStart());
    }

    private static Map<String, Object> summaryParams() {
        return Map.of("waveSucceeded", WaveState.SUCCEEDED.name(),
                "waveWaiting", WaveState.WAITING_FOR_APPROVAL.name(),
                "instanceHealthy", InstanceState.HEALTHY.name());
    }
}
