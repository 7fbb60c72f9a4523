package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.store.ResumableRollout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/** What the reconciler needs to restart the workflow of a rollout that has not finished. */
final class ResumePoints {

    private record Row(String id, String plan, String submittedBy, RolloutState state, String baseline,
                       Integer wavesTotal, long lastSeq) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate readTx;
    private final StoreJson json;
    private final WaveRows waveRows;

    ResumePoints(JdbcClient jdbc, TransactionTemplate readTx, StoreJson json) {
        this.jdbc = jdbc;
        this.readTx = readTx;
        this.json = json;
        this.waveRows = new WaveRows(jdbc);
    }

    List<ResumableRollout> nonTerminal() {
        return readTx.execute(status -> jdbc.sql("""
                                SELECT id, plan, submitted_by, state, baseline, waves_total, last_seq
                                FROM rollouts WHERE state NOT IN (:terminal) ORDER BY created_at, id""")
                .param("terminal", StateRules.TERMINAL_ROLLOUT_STATES)
                .query((rs, row) -> new Row(rs.getString("id"), rs.getString("plan"), rs.getString("submitted_by"),
                        RolloutState.valueOf(rs.getString("state")), rs.getString("baseline"),
                        rs.getObject("waves_total", Integer.class), rs.getLong("last_seq")))
                .list()
                .stream()
                .map(this::resumable)
                .toList());
    }

    private ResumableRollout resumable(Row row) {
        List<WaveRows.WaveRow> waves = waveRows.waves(row.id());
        var plan = row.wavesTotal() == null ? null : WaveRows.plan(waves, waveRows.instances(row.id()));
        List<Integer> approved = jdbc.sql("SELECT DISTINCT wave_index FROM approvals WHERE rollout_id = :id ORDER BY wave_index")
                .param("id", row.id())
                .query(Integer.class)
                .list();
        int completed = leadingSucceeded(waves);
        ResumePoint resume = new ResumePoint(json.readBaseline(row.baseline()), plan, completed, row.state(),
                row.lastSeq() + 1, approved, failedWave(row.state(), waves, completed), false);
        return new ResumableRollout(row.id(), json.readPlan(row.plan()), row.submittedBy(), resume);
    }

    /**
     * The wave that failed and waits for an operator (retry, roll back or cancel): the first wave not
     * completed, when it FAILED and the rollout is PAUSED.
     */
    private static Integer failedWave(RolloutState state, List<WaveRows.WaveRow> waves, int completed) {
        boolean waitsAfterFailure = state == RolloutState.PAUSED && completed < waves.size()
                && waves.get(completed).state() == WaveState.FAILED;
        return waitsAfterFailure ? completed : null;
    }

    /** Waves from the first that succeeded: a resumed rollout must not upgrade them again. */
    private static int leadingSucceeded(List<WaveRows.WaveRow> waves) {
        int count = 0;
        for (WaveRows.WaveRow wave : waves) {
            if (wave.state() != WaveState.SUCCEEDED) {
                break;
            }
            count++;
        }
        return count;
    }
}
