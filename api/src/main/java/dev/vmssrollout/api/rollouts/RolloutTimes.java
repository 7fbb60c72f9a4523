package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How long a rollout and its waves have taken and how long it may still take, from what the database recorded.
 * The estimate is the waves left times the mean duration of the waves that completed, plus the pauses between them;
 * approvals still ahead are counted, not guessed at: nobody can predict when a person approves.
 */
final class RolloutTimes {

    private static final Set<WaveState> DONE = EnumSet.of(WaveState.SUCCEEDED, WaveState.FAILED, WaveState.CANCELLED,
            WaveState.ROLLED_BACK);
    private static final Set<WaveState> RUNNING = EnumSet.of(WaveState.UPGRADING, WaveState.VERIFYING,
            WaveState.ROLLING_BACK);

    private RolloutTimes() {
    }

    static RolloutView.Timing of(RolloutDetails r, Instant now) {
        boolean ended = r.state().isTerminal();
        Instant end = ended ? r.updatedAt() : now;
        long approvalWait = approvalWaitSeconds(r.events(), end);
        Long waitingSince = null;
        if (r.state() == RolloutState.WAITING_FOR_APPROVAL) {
            waitingSince = lastWaitStart(r.events()).map(at -> seconds(at, now)).orElse(null);
        }
        List<WaveDetails> completed = r.waves().stream()
                .filter(w -> w.state() == WaveState.SUCCEEDED && w.startedAt() != null && w.completedAt() != null)
                .toList();
        Long observed = completed.isEmpty() ? null
                : completed.stream().mapToLong(w -> seconds(w.startedAt(), w.completedAt())).sum() / completed.size();
        Long remaining = null;
        Instant estimatedEnd = null;
        int approvalsAhead = 0;
        if (!ended && r.wavesTotal() != null) {
            ApprovalMode approval = r.plan().approval();
            List<WaveDetails> left = r.waves().stream().filter(w -> !DONE.contains(w.state())).toList();
            for (WaveDetails wave : left) {
                boolean approved = r.approvals().stream().anyMatch(a -> a.waveIndex() == wave.index());
                if (approval.gates(wave.index()) && !approved && !RUNNING.contains(wave.state())) {
                    approvalsAhead++;
                }
            }
            if (observed != null) {
                long runningFor = left.stream().filter(w -> RUNNING.contains(w.state()) && w.startedAt() != null)
                        .mapToLong(w -> seconds(w.startedAt(), now)).sum();
                long pauses = r.plan().strategy().pauseBetweenWaves().toSeconds() * Math.max(0, left.size() - 1);
                remaining = Math.max(0, left.size() * observed - runningFor) + pauses;
                estimatedEnd = now.plusSeconds(remaining);
            }
        }
        return new RolloutView.Timing(r.createdAt(), ended ? r.updatedAt() : null, seconds(r.createdAt(), end),
                approvalWait, waitingSince, observed, remaining, estimatedEnd, approvalsAhead);
    }

    /** The times a list line can tell without the rollout's waves and events: a rollout that ended. */
    static RolloutView.Timing ended(Instant createdAt, Instant updatedAt) {
        return new RolloutView.Timing(createdAt, updatedAt, seconds(createdAt, updatedAt), null, null, null, null, null, 0);
    }

    /** How long a wave has run: from its start to its end, or to now while it runs. */
    static Long waveElapsedSeconds(WaveDetails wave, Instant now) {
        if (wave.startedAt() == null) {
            return null;
        }
        return seconds(wave.startedAt(), wave.completedAt() != null ? wave.completedAt() : now);
    }

    /** Time spent waiting for approvals: from each WAITING_FOR_APPROVAL to the APPROVED (or whatever came next). */
    private static long approvalWaitSeconds(List<EventRecord> events, Instant end) {
        long total = 0;
        Instant since = null;
        for (EventRecord event : events) {
            if (event.type() == EventType.WAITING_FOR_APPROVAL) {
                if (since == null) {
                    since = event.at();
                }
            } else if (since != null && endsWait(event.type())) {
                total += seconds(since, event.at());
                since = null;
            }
        }
        return since == null ? total : total + seconds(since, end);
    }

    private static boolean endsWait(EventType type) {
        return type == EventType.APPROVED || type == EventType.CANCELLED || type == EventType.PAUSED
                || type == EventType.ROLLBACK_STARTED || type == EventType.FAILED || type == EventType.WAVE_STARTED;
    }

    private static Optional<Instant> lastWaitStart(List<EventRecord> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type() == EventType.WAITING_FOR_APPROVAL) {
                return Optional.of(events.get(i).at());
            }
        }
        return Optional.empty();
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
