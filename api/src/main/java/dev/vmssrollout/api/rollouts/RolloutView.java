package dev.vmssrollout.api.rollouts;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.progress.EventType;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One rollout as {@code GET /api/v1/rollouts/{id}} shows it: the plan as submitted (defaults filled
 * in) and its progress as recorded in the database. People count waves from 1: every wave carries its
 * 1-based {@code number} beside its 0-based {@code index} (its position in {@code waves}), every field that names
 * a wave by index has a {@code ...Number} twin, and event messages count from 1.
 */
public record RolloutView(String id, RolloutState state,
                          @Schema(description = "why the rollout waits, is paused, failed, was cancelled or rolled back") String reason,
                          RolloutRequest.Target target, String imageChange, RolloutRequest plan, String submittedBy,
                          Instant createdAt, Instant updatedAt, Baseline baseline, Integer currentWave,
                          Integer wavesTotal, Integer waitingForApprovalWave, List<WaveView> waves,
                          List<String> skipped, List<ApprovalView> approvals, List<EventView> events, Links links,
                          @Schema(description = "while WAITING_FOR_WINDOW: when the rollout may go on; null when no "
                                  + "window in sight leaves room for its next wave") Instant nextWindowStart,
                          @Schema(description = "1-based number of currentWave") Integer currentWaveNumber,
                          @Schema(description = "1-based number of waitingForApprovalWave") Integer waitingForApprovalWaveNumber,
                          Timing timing,
                          @Schema(description = "metric analysis measurements its release took while the stage baked, "
                                  + "after the last wave, oldest first; empty when none")
                          List<MeasurementView> bakeAnalysis) {

    /** What the scale set ran before the rollout and what it moves to; null before preflight passed. */
    public record Baseline(Image previousImage, String previousUpgradePolicy, Image targetImage) {
    }

    public record WaveView(@Schema(description = "0-based position in waves[]") int index, String label, WaveState state,
                           Instant startedAt, Instant completedAt, List<InstanceView> instances,
                           @Schema(description = "1-based wave number, as people and event messages count") int number,
                           @Schema(description = "seconds from the wave's start to its end, or to now while it runs; null before it started")
                           Long elapsedSeconds,
                           @Schema(description = "every metric analysis measurement of this wave, oldest first")
                           List<MeasurementView> analysis) {
    }

    /** One measurement of one analysis check: what was asked, what came back, and the verdict with its reason. */
    public record MeasurementView(Instant analysisStartedAt, int sample, String check, String provider,
                                  @Schema(description = "the request as sent to the provider") String query,
                                  Instant from, Instant to,
                                  @Schema(description = "VM name to value; null where the VM reported nothing")
                                  Map<String, Double> instanceValues,
                                  @Schema(description = "the wave's value (mean over its instances); null when unknown")
                                  Double value,
                                  @Schema(description = "the same metric over the instances still on the previous image")
                                  Double baseline, String condition, Verdict verdict, String reason, Instant measuredAt) {
    }

    public record InstanceView(String instanceId, InstanceState state,
                               @JsonInclude(JsonInclude.Include.NON_NULL)
                               @Schema(description = "what Azure said about the instance when its wave found it failed "
                                       + "or unhealthy (the failed provisioning state's code, e.g. VMUpgradeFailed, or "
                                       + "the health status's, its message, and the health it reported); absent "
                                       + "otherwise")
                               InstanceProblem problem) {
    }

    public record ApprovalView(@Schema(description = "0-based wave index") int wave, String approver, String comment,
                               Instant at, @Schema(description = "1-based wave number") int waveNumber) {
    }

    public record EventView(long seq, Instant at, EventType type, String actor, String message,
                            @Schema(description = "0-based wave index") Integer wave,
                            @Schema(description = "1-based wave number") Integer waveNumber) {
    }

    /**
     * Times in UTC (ISO-8601 with Z); durations in seconds. {@code estimatedRemainingSeconds} is the waves left times
     * the mean duration of the completed waves, plus pauses between waves; null until a wave completed, or after
     * the end. Approvals still ahead are counted in {@code approvalsAhead}, not included in the estimate.
     */
    public record Timing(Instant startedAt, Instant endedAt, long elapsedSeconds,
                         @Schema(description = "time spent waiting for approvals; null in lists for rollouts that ended") Long approvalWaitSeconds,
                         @Schema(description = "while WAITING_FOR_APPROVAL: how long this wait has lasted") Long waitingForApprovalSeconds,
                         @Schema(description = "mean duration of the waves that completed") Long observedWaveSeconds,
                         Long estimatedRemainingSeconds, Instant estimatedEndAt, int approvalsAhead) {
    }

    /** {@code temporalUi} is present when {@code vmss.temporal.ui-url} is configured. */
    public record Links(String self, String temporalUi) {
    }
}
