package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.PendingRequests;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.ResumableRollout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the reconciler needs to restart the workflow of a rollout that has not finished. */
final class ResumePoints {

    private record Row(String id, String plan, String submittedBy, RolloutState state, String baseline,
                       Integer wavesTotal, long lastSeq, Instant unclaimedSince, String claimToken) {
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
                                SELECT id, plan, submitted_by, state, baseline, waves_total, last_seq,
                                       CASE WHEN claimed_run IS NULL THEN created_at END AS unclaimed_since,
                                       claim_token
                                FROM rollouts WHERE state NOT IN (:terminal) ORDER BY created_at, id""")
                .param("terminal", StateRules.TERMINAL_ROLLOUT_STATES)
                .query((rs, row) -> new Row(rs.getString("id"), rs.getString("plan"), rs.getString("submitted_by"),
                        RolloutState.valueOf(rs.getString("state")), rs.getString("baseline"),
                        rs.getObject("waves_total", Integer.class), rs.getLong("last_seq"),
                        Timestamps.read(rs, "unclaimed_since"), rs.getString("claim_token")))
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
        List<EventRow> events = requestEvents(row.id());
        List<Integer> accepted = new ArrayList<>();
        int completed = leadingDone(waves, events, accepted);
        ResumePoint resume = new ResumePoint(json.readBaseline(row.baseline()), plan, completed, row.state(),
                row.lastSeq() + 1, approved, failedWave(row.state(), waves, completed), false, accepted,
                pending(row.state(), events));
        return new ResumableRollout(row.id(), json.readPlan(row.plan()), row.submittedBy(), resume,
                windowOverride(events), row.unclaimedSince(), row.claimToken());
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

    /**
     * Waves from the first that are done: succeeded, or failed and accepted by an operator (a RESUMED after the wave's
     * last WAVE_FAILED). A resumed rollout must not upgrade them again; the accepted ones go to {@code accepted}.
     */
    private static int leadingDone(List<WaveRows.WaveRow> waves, List<EventRow> events, List<Integer> accepted) {
        int count = 0;
        for (WaveRows.WaveRow wave : waves) {
            if (wave.state() == WaveState.FAILED && acceptedAfterFailure(count, events)) {
                accepted.add(count);
            } else if (wave.state() != WaveState.SUCCEEDED) {
                break;
            }
            count++;
        }
        return count;
    }

    private static boolean acceptedAfterFailure(int wave, List<EventRow> events) {
        long failedAt = events.stream()
                .filter(e -> e.type() == EventType.WAVE_FAILED && Integer.valueOf(wave).equals(e.wave()))
                .mapToLong(EventRow::seq).max().orElse(Long.MAX_VALUE);
        return events.stream().anyMatch(e -> e.type() == EventType.RESUMED && e.seq() > failedAt);
    }

    /**
     * Requests recorded but not carried out. A cancel always ends the rollout, so any cancel of a rollout that has not
     * ended is pending; a rollback until the rollout is rolling back; a pause until the rollout paused or an operator
     * withdrew it (RESUMED).
     */
    private static PendingRequests pending(RolloutState state, List<EventRow> events) {
        PendingRequests.Request cancel = null;
        PendingRequests.Request rollback = null;
        PendingRequests.Request pause = null;
        for (EventRow event : events) {
            switch (event.type()) {
                case CANCEL_REQUESTED -> cancel = cancel == null ? event.request() : cancel;
                case ROLLBACK_REQUESTED -> rollback = rollback == null ? event.request() : rollback;
                case PAUSE_REQUESTED -> pause = event.request();
                case PAUSED, RESUMED -> pause = null;
                default -> { }
            }
        }
        if (state == RolloutState.ROLLING_BACK) {
            rollback = null; // under way: the resumed workflow finishes it
        }
        return new PendingRequests(pause, cancel, rollback);
    }

    /**
     * The emergency override the rollout's last run knew: the last request, approved when an approval followed it. The
     * workflow allows one request per rollout, so the last is the only one.
     */
    private static WindowOverride windowOverride(List<EventRow> events) {
        WindowOverride found = null;
        for (EventRow event : events) {
            if (event.type() == EventType.OVERRIDE_REQUESTED) {
                found = new WindowOverride(event.actor(), event.overrideReason(), null);
            } else if (event.type() == EventType.OVERRIDE_APPROVED && found != null) {
                found = new WindowOverride(found.requestedBy(), found.reason(), event.actor());
            }
        }
        return found;
    }

    private List<EventRow> requestEvents(String rolloutId) {
        return jdbc.sql("""
                        SELECT seq, type, actor, message, wave_index FROM events
                        WHERE rollout_id = :id AND type IN (:types) ORDER BY seq""")
                .param("id", rolloutId)
                .param("types", DECISION_EVENTS)
                .query((rs, row) -> new EventRow(rs.getLong("seq"), EventType.valueOf(rs.getString("type")),
                        rs.getString("actor"), rs.getString("message"), rs.getObject("wave_index", Integer.class)))
                .list();
    }

    /** A wave's failure, an operator's request, and what settles either. */
    private static final List<String> DECISION_EVENTS = List.of(EventType.WAVE_FAILED.name(), EventType.RESUMED.name(),
            EventType.PAUSED.name(), EventType.PAUSE_REQUESTED.name(), EventType.CANCEL_REQUESTED.name(),
            EventType.ROLLBACK_REQUESTED.name(), EventType.OVERRIDE_REQUESTED.name(), EventType.OVERRIDE_APPROVED.name());
    private static final String IN_FLIGHT = "; it takes effect when the current wave ends";

    private record EventRow(long seq, EventType type, String actor, String message, Integer wave) {

        /** The request's reason, read back from the message the workflow wrote ("cancel requested by bob: why; ..."). */
        PendingRequests.Request request() {
            String who = actor == null || actor.isBlank() ? "an operator" : actor;
            String prefix = type == EventType.PAUSE_REQUESTED ? "pause requested by " + who + ": " : type.message(who) + ": ";
            String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            reason = reason.endsWith(IN_FLIGHT) ? reason.substring(0, reason.length() - IN_FLIGHT.length()) : reason;
            return new PendingRequests.Request(actor, reason);
        }

        /** The override's reason, read back from "emergency override requested by alice: why; another person ...". */
        String overrideReason() {
            String written = EventType.OVERRIDE_REQUESTED.message(actor, "\u0000");
            int at = written.indexOf('\u0000');
            String prefix = written.substring(0, at);
            String suffix = written.substring(at + 1);
            boolean shaped = message.startsWith(prefix) && message.endsWith(suffix)
                    && message.length() >= prefix.length() + suffix.length();
            return shaped ? message.substring(prefix.length(), message.length() - suffix.length()) : message;
        }
    }
}
