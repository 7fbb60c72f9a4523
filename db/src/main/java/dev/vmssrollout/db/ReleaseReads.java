package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseScaleSetStatus;
import dev.vmssrollout.model.release.ReleaseSummary;
import dev.vmssrollout.model.release.StageStatus;
import dev.vmssrollout.model.schedule.WindowOverride;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads releases with the states their rollouts' own rows hold. */
final class ReleaseReads {

    static final int MAX_PAGE = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final StoreJson json;

    ReleaseReads(JdbcClient jdbc, TransactionTemplate tx, StoreJson json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    Optional<ReleaseDetails> find(String releaseId) {
        return tx.execute(status -> jdbc.sql("""
                        SELECT id, state, state_reason, plan::text AS plan, submitted_by, current_stage,
                               created_at, updated_at, override_requested_by, override_reason, override_approved_by
                        FROM releases WHERE id = :id""")
                .param("id", releaseId)
                .query((rs, row) -> details(rs))
                .optional());
    }

    private ReleaseDetails details(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        ReleasePlan plan = json.read(rs.getString("plan"), ReleasePlan.class);
        List<StageRow> rows = scaleSets(id);
        List<StageStatus> stages = new ArrayList<>();
        for (int s = 0; s < plan.stages().size(); s++) {
            int stage = s;
            stages.add(new StageStatus(s, plan.stages().get(s).name(),
                    rows.stream().filter(row -> row.stage() == stage).map(StageRow::status).toList()));
        }
        return new ReleaseDetails(id, plan, RolloutState.valueOf(rs.getString("state")), rs.getString("state_reason"),
                rs.getString("submitted_by"), rs.getObject("current_stage", Integer.class), stages,
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"), windowOverride(rs));
    }

    private static WindowOverride windowOverride(ResultSet rs) throws SQLException {
        String requestedBy = rs.getString("override_requested_by");
        return requestedBy == null ? null
                : new WindowOverride(requestedBy, rs.getString("override_reason"), rs.getString("override_approved_by"));
    }

    private record StageRow(int stage, ReleaseScaleSetStatus status) {
    }

    private List<StageRow> scaleSets(String releaseId) {
        return jdbc.sql("""
                        SELECT s.stage_index, s.position, s.subscription_id, s.resource_group, s.scale_set, s.region,
                               s.rollout_id, r.state AS rollout_state,
                               s.rollback_rollout_id, b.state AS rollback_state
                        FROM release_scale_sets s
                        LEFT JOIN rollouts r ON r.id = s.rollout_id
                        LEFT JOIN rollouts b ON b.id = s.rollback_rollout_id
                        WHERE s.release_id = :id
                        ORDER BY s.stage_index, s.position""")
                .param("id", releaseId)
                .query((rs, row) -> new StageRow(rs.getInt("stage_index"), new ReleaseScaleSetStatus(
                        rs.getInt("position"),
                        new ReleaseScaleSet(rs.getString("subscription_id"), rs.getString("resource_group"),
                                rs.getString("scale_set"), rs.getString("region")),
                        rs.getString("rollout_id"), state(rs.getString("rollout_state")),
                        rs.getString("rollback_rollout_id"), state(rs.getString("rollback_state")))))
                .list();
    }

    Optional<String> linkedRollout(String releaseId, int stage, int position, boolean rollback) {
        String column = rollback ? "rollback_rollout_id" : "rollout_id";
        return jdbc.sql("SELECT " + column + " FROM release_scale_sets"
                        + " WHERE release_id = :id AND stage_index = :stage AND position = :position")
                .param("id", releaseId).param("stage", stage).param("position", position)
                .query(String.class)
                .optional();
    }

    List<ReleaseSummary> list(int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_PAGE + " and offset at least 0");
        }
        return tx.execute(status -> jdbc.sql("""
                        SELECT l.id, l.state, l.state_reason, l.image_change, l.submitted_by, l.current_stage,
                               jsonb_array_length(l.plan -> 'stages') AS stages_total, l.created_at, l.updated_at,
                               c.total, c.succeeded
                        FROM releases l
                        CROSS JOIN LATERAL (SELECT count(*) AS total,
                                                   count(*) FILTER (WHERE r.state = 'SUCCEEDED') AS succeeded
                                            FROM release_scale_sets s LEFT JOIN rollouts r ON r.id = s.rollout_id
                                            WHERE s.release_id = l.id) c
                        ORDER BY l.created_at DESC, l.id DESC
                        LIMIT :limit OFFSET :offset""")
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, row) -> new ReleaseSummary(rs.getString("id"), RolloutState.valueOf(rs.getString("state")),
                        rs.getString("state_reason"), rs.getString("image_change"), rs.getString("submitted_by"),
                        rs.getObject("current_stage", Integer.class), rs.getInt("stages_total"), rs.getInt("total"),
                        rs.getInt("succeeded"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at")))
                .list());
    }

    List<String> nonTerminal() {
        return tx.execute(status -> jdbc.sql("""
                        SELECT id FROM releases WHERE state NOT IN (:terminal) ORDER BY created_at, id""")
                .param("terminal", StateRules.TERMINAL_ROLLOUT_STATES)
                .query(String.class)
                .list());
    }

    private static RolloutState state(String name) {
        return name == null ? null : RolloutState.valueOf(name);
    }
}
