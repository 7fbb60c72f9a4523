package dev.vmssrollout.api.security;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the database holds, in one comparable line: the row count of every table of the schema (found at
 * run time, so tables added later are covered), and digests of the rows that change in place (rollouts, waves,
 * instances). Rows of rollouts still running elsewhere in the JVM ({@code excluded}) are left out.
 */
final class RowFingerprint {

    private final JdbcTemplate jdbc;
    private final String sql;
    private final Object[] parameters;

    RowFingerprint(JdbcTemplate jdbc, List<String> excluded) {
        this.jdbc = jdbc;
        List<String> tables = jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""", String.class);
        List<String> parts = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String[] ids = excluded.toArray(String[]::new);
        for (String table : tables) {
            boolean perRollout = !jdbc.queryForList("""
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'rollout_id'""",
                    String.class, table).isEmpty();
            if (table.equals("rollouts")) {
                parts.add("'rollouts=' || (SELECT count(*) || ':' || coalesce(md5(string_agg(id || state || last_seq || "
                        + "coalesce(state_reason, '') || updated_at, ',' ORDER BY id)), '') FROM rollouts WHERE id <> ALL(?))");
                values.add(ids);
            } else if (perRollout) {
                parts.add("'" + table + "=' || (SELECT count(*) FROM " + table + " WHERE rollout_id <> ALL(?))");
                values.add(ids);
            } else {
                parts.add("'" + table + "=' || (SELECT count(*) FROM " + table + ")");
            }
        }
        parts.add("'waves~' || (SELECT coalesce(md5(string_agg(rollout_id || wave_index || state || coalesce(started_at::text, '') "
                + "|| coalesce(completed_at::text, ''), ',' ORDER BY rollout_id, wave_index)), '') FROM waves WHERE rollout_id <> ALL(?))");
        values.add(ids);
        parts.add("'instances~' || (SELECT coalesce(md5(string_agg(rollout_id || instance_id || state, ',' "
                + "ORDER BY rollout_id, instance_id)), '') FROM instances WHERE rollout_id <> ALL(?))");
        values.add(ids);
        this.sql = "SELECT " + String.join(" || ' ' || ", parts);
        this.parameters = values.toArray();
    }

    String now() {
        return jdbc.queryForObject(sql, String.class, parameters);
    }
}
