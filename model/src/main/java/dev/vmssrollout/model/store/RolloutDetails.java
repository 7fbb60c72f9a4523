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
 */
public record RolloutDetails(String id, RolloutPlan plan, RolloutState state, String stateReason,
                             String submittedBy, Instant createdAt, Instant updatedAt, String imageChange,
                             ProgressEvent.Baseline baseline, Integer currentWave, Integer wavesTotal, long lastSeq,
                             List<WaveDetails> waves, List<String> skippedInstanceIds,
                             List<ApprovalRecord> approvals, List<EventRecord> events) {

    public RolloutDetails {
        waves = List.copyOf(waves);
        skippedInstanceIds = List.copyOf(skippedInstanceIds);
        approvals = List.copyOf(approvals);
        events = List.copyOf(events);
    }

    public ScaleSetRef target() {
        return plan.target();
    }
}
