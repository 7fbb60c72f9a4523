package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * One rollout as {@code GET /api/v1/rollouts/{id}} shows it: the plan as submitted (defaults filled
 * in) and its progress as recorded in the database. Wave indexes are 0-based everywhere; event
 * messages count waves from 1 for people.
 */
public record RolloutView(String id, RolloutState state,
                          @Schema(description = "why the rollout waits, is paused, failed, was cancelled or rolled back") String reason,
                          RolloutRequest.Target target, String imageChange, RolloutRequest plan, String submittedBy,
                          Instant createdAt, Instant updatedAt, Baseline baseline, Integer currentWave,
                          Integer wavesTotal, Integer waitingForApprovalWave, List<WaveView> waves,
                          List<String> skipped, List<ApprovalView> approvals, List<EventView> events, Links links,
                          @Schema(description = "while WAITING_FOR_WINDOW: when the rollout may go on; null when no "
                                  + "window in sight leaves room for its next wave") Instant nextWindowStart) {

    /** What the scale set ran before the rollout and what it moves to; null before preflight passed. */
    public record Baseline(Image previousImage, String previousUpgradePolicy, Image targetImage) {
    }

    public record WaveView(int index, String label, WaveState state, Instant startedAt, Instant completedAt,
                           List<InstanceView> instances) {
    }

    public record InstanceView(String instanceId, InstanceState state) {
    }

    public record ApprovalView(int wave, String approver, String comment, Instant at) {
    }

    public record EventView(long seq, Instant at, EventType type, String actor, String message, Integer wave) {
    }

    /** {@code temporalUi} is present when {@code vmss.temporal.ui-url} is configured. */
    public record Links(String self, String temporalUi) {
    }
}
