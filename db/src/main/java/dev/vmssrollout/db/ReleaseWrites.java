package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.schedule.WindowOverride;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Writes releases: the row and its scale sets in one transaction, then state changes and links to rollouts. */
final class ReleaseWrites {

    private static final Set<String> LINK_COLUMNS = Set.of("rollout_id", "rollback_rollout_id");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final StoreJson json;
    private final Clock clock;

    ReleaseWrites(JdbcClient jdbc, TransactionTemplate tx, StoreJson json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    void create(NewRelease release) {
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.sql("""
                            INSERT INTO releases (id, state, plan, image_change, submitted_by, created_at, updated_at)
                            VALUES (:id, :state, CAST(:plan AS jsonb), :imageChange, :submittedBy, :at, :at)
                            ON CONFLICT (id) DO NOTHING""")
                    .param("id", release.releaseId())
                    .param("state", RolloutState.PENDING.name())
                    .param("plan", json.write(release.plan()))
                    .param("imageChange", String.valueOf(release.plan().rollout().image()))
                    .param("submittedBy", release.submittedBy())
                    .param("at", Timestamps.toDb(release.at()))
                    .update();
            if (inserted == 0) {
                requireSamePlan(release);
                return;
            }
            List<ReleaseStage> stages = release.plan().stages();
            for (int s = 0; s < stages.size(); s++) {
                List<ReleaseScaleSet> scaleSets = stages.get(s).scaleSets();
                for (int p = 0; p < scaleSets.size(); p++) {
                    insertScaleSet(release.releaseId(), s, p, scaleSets.get(p));
                }
            }
        });
    }

    private void requireSamePlan(NewRelease release) {
        String stored = jdbc.sql("SELECT plan::text FROM releases WHERE id = :id")
                .param("id", release.releaseId()).query(String.class).single();
        if (!json.read(stored, release.plan().getClass()).equals(release.plan())) {
            throw new IllegalArgumentException("release " + release.releaseId() + " is already stored with another plan");
        }
    }

    private void insertScaleSet(String releaseId, int stage, int position, ReleaseScaleSet scaleSet) {
        jdbc.sql("""
                        INSERT INTO release_scale_sets (release_id, stage_index, position, subscription_id,
                                                        resource_group, scale_set, region)
                        VALUES (:releaseId, :stage, :position, :subscriptionId, :resourceGroup, :scaleSet, :region)""")
                .param("releaseId", releaseId)
                .param("stage", stage)
                .param("position", position)
                .param("subscriptionId", scaleSet.subscriptionId())
                .param("resourceGroup", scaleSet.resourceGroup())
                .param("scaleSet", scaleSet.scaleSet())
                .param("region", scaleSet.region())
                .update();
    }

    void recordOverride(String releaseId, WindowOverride override) {
        int updated = jdbc.sql("""
                        UPDATE releases SET override_requested_by = :requestedBy, override_reason = :reason,
                                            override_approved_by = :approvedBy, updated_at = :at
                        WHERE id = :id""")
                .param("id", releaseId)
                .param("requestedBy", override.requestedBy())
                .param("reason", override.reason())
                .param("approvedBy", override.approvedBy(), java.sql.Types.VARCHAR)
                .param("at", Timestamps.toDb(clock.instant()))
                .update();
        if (updated == 0) {
            requireRelease(releaseId);
        }
    }

    void recordState(String releaseId, RolloutState state, String reason, Integer currentStage) {
        int updated = jdbc.sql("""
                        UPDATE releases SET state = :state, state_reason = :reason, current_stage = :stage,
                                            updated_at = :at
                        WHERE id = :id AND (state, coalesce(state_reason, ''), coalesce(current_stage, -1))
                              IS DISTINCT FROM (:state, coalesce(:reason, ''), coalesce(:stage, -1))""")
                .param("id", releaseId)
                .param("state", state.name())
                .param("reason", reason, java.sql.Types.VARCHAR)
                .param("stage", currentStage, java.sql.Types.INTEGER)
                .param("at", Timestamps.toDb(clock.instant()))
                .update();
        if (updated == 0) {
            requireRelease(releaseId);
        }
    }

    void link(String column, String releaseId, int stage, int position, String rolloutId) {
        if (!LINK_COLUMNS.contains(column)) {
            throw new IllegalArgumentException("not a link column: " + column);
        }
        tx.executeWithoutResult(status -> {
            int updated = jdbc.sql("UPDATE release_scale_sets SET " + column + " = :rolloutId"
                            + " WHERE release_id = :releaseId AND stage_index = :stage AND position = :position")
                    .param("rolloutId", rolloutId)
                    .param("releaseId", releaseId)
                    .param("stage", stage)
                    .param("position", position)
                    .update();
            if (updated == 0) {
                throw new IllegalArgumentException("release " + releaseId + " has no scale set at stage " + stage
                        + " position " + position);
            }
            jdbc.sql("UPDATE releases SET updated_at = :at WHERE id = :id")
                    .param("at", Timestamps.toDb(clock.instant())).param("id", releaseId).update();
        });
    }

    private void requireRelease(String releaseId) {
        boolean exists = jdbc.sql("SELECT count(*) FROM releases WHERE id = :id").param("id", releaseId)
                .query(Integer.class).single() > 0;
        if (!exists) {
            throw new IllegalArgumentException("no release " + releaseId);
        }
    }
}
