package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.ProgressEvent;

import java.time.Instant;
import java.util.List;

/**
 * Everything stored about one rollout: the plan as submitted and its progress.
 *
 * @param stateReason        why the rollout waits, is paused, failed, was cancelled or rolled back; null otherwise
 * @param imageChange        the plan's image change in words ("version 24.04.202409010")
 * @param baseline           what the scale set ran before the rollout; null before preflight passed
 * @param currentWave        the wave the last event concerned; null before any did
 * @param wavesTotal         null before the waves were planned
 * @param skippedInstanceIds instances left out because they already ran the target image, by instance ID
 * @param events             the event log, in seq order
 * @param nextWindowStart    while WAITING_FOR_WINDOW: when the rollout may go on (null otherwise, or when no window leaves room)
 */
public record RolloutDetails(String id, RolloutPlan plan, RolloutState state, String stateReason,
                             String submittedBy, Instant createdAt, Instant updatedAt, String imageChange,
                             ProgressEvent.Baseline baseline, Integer currentWave, Integer wavesTotal, long lastSeq,
                             List<WaveDetails> waves, List<String> skippedInstanceIds,
                             List<ApprovalRecord> approvals, List<EventRecord> events, Instant nextWindowStart) {

    public RolloutDetails {
        waves = List.copyOf(waves);
        skippedInstanceIds = List.copyOf(skippedInstanceIds);
        approvals = List.copyOf(approvals);
        events = List.copyOf(events);
    }

    /** A rollout that is not waiting for its maintenance window. */
    public RolloutDetails(String id, RolloutPlan plan, RolloutState state, String stateReason,
                          String submittedBy, Instant createdAt, Instant updatedAt, String imageChange,
                          ProgressEvent.Baseline baseline, Integer currentWave, Integer wavesTotal, long lastSeq,
                          List<WaveDetails> waves, List<String> skippedInstanceIds,
                          List<ApprovalRecord> approvals, List<EventRecord> events) {
        this(id, plan, state, stateReason, submittedBy, createdAt, updatedAt, imageChange, baseline, currentWave,
                wavesTotal, lastSeq, waves, skippedInstanceIds, approvals, events, null);
    }

    public ScaleSetRef target() {
        return plan.target();
    }
}
