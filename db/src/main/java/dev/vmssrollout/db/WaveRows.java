package dev.vmssrollout.db;

import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code waves} and {@code instances} rows of a rollout, and the wave plan they were written from. */
final class WaveRows {

    record WaveRow(int index, String label, WaveState state, Instant startedAt, Instant completedAt) {
    }

    /** {@code waveIndex} is null for a skipped instance. */
    record InstanceRow(String instanceId, Integer waveIndex, int position, InstanceState state, InstanceProblem problem) {
    }

    private final JdbcClient jdbc;

    WaveRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<WaveRow> waves(String rolloutId) {
        return jdbc.sql("""
                        SELECT wave_index, label, state, started_at, completed_at
                        FROM waves WHERE rollout_id = :rolloutId ORDER BY wave_index""")
                .param("rolloutId", rolloutId)
                .query((rs, row) -> new WaveRow(rs.getInt("wave_index"), rs.getString("label"),
                        WaveState.valueOf(rs.getString("state")), Timestamps.read(rs, "started_at"),
                        Timestamps.read(rs, "completed_at")))
                .list();
    }

    /** In plan order: by wave (skipped last), then by place in the wave. */
    List<InstanceRow> instances(String rolloutId) {
        return jdbc.sql("""
                        SELECT instance_id, wave_index, position, state, problem_code, problem_message, problem_health
                        FROM instances WHERE rollout_id = :rolloutId
                        ORDER BY wave_index NULLS LAST, position""")
                .param("rolloutId", rolloutId)
                .query((rs, row) -> new InstanceRow(rs.getString("instance_id"), rs.getObject("wave_index", Integer.class),
                        rs.getInt("position"), InstanceState.valueOf(rs.getString("state")), problem(rs)))
                .list();
    }

    private static InstanceProblem problem(java.sql.ResultSet rs) throws java.sql.SQLException {
        String health = rs.getString("problem_health");
        if (health == null) {
            return null;
        }
        return new InstanceProblem(rs.getString("problem_code"), rs.getString("problem_message"),
                Instance.Health.valueOf(health));
    }

    /** The plan exactly as WAVES_PLANNED carried it, instance order within each wave included. */
    static WavePlan plan(List<WaveRow> waves, List<InstanceRow> instances) {
        List<List<String>> members = new ArrayList<>();
        waves.forEach(w -> members.add(new ArrayList<>()));
        List<String> skipped = new ArrayList<>();
        for (InstanceRow instance : instances) {
            (instance.waveIndex() == null ? skipped : members.get(instance.waveIndex())).add(instance.instanceId());
        }
        List<Wave> planned = waves.stream().map(w -> new Wave(w.index(), w.label(), members.get(w.index()))).toList();
        return new WavePlan(planned, skipped);
    }
}
