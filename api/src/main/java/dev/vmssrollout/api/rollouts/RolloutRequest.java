package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.calendars.ScheduleSpecs;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.analysis.InconclusivePolicy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /api/v1/rollouts} and {@code /preview}, and the {@code plan} of a rollout
 * as the API shows it. Everything but {@code target} and {@code image} has a default. Durations are
 * ISO-8601 ({@code PT5M}); they stay strings here so that a bad one is reported with the other
 * violations instead of stopping at the first.
 */
public record RolloutRequest(Target target, Image image, StrategySpec strategy, Approval approval, Health health,
                             @Schema(description = "what to do when a wave fails; default PAUSE") FailurePolicy onFailure,
                             @Schema(description = "switch an Automatic upgrade policy to Manual for the rollout and "
                                     + "restore it afterwards, instead of refusing; default false") Boolean allowPolicySwitch,
                             ScheduleSpecs.ScheduleSpec schedule,
                             @Schema(description = "metric analysis each wave passes before the next one starts; "
                                     + "see docs/analysis.md") AnalysisSpec analysis) {

    public RolloutRequest(Target target, Image image, StrategySpec strategy, Approval approval, Health health,
                          FailurePolicy onFailure, Boolean allowPolicySwitch) {
        this(target, image, strategy, approval, health, onFailure, allowPolicySwitch, null, null);
    }

    public RolloutRequest(Target target, Image image, StrategySpec strategy, Approval approval, Health health,
                          FailurePolicy onFailure, Boolean allowPolicySwitch, ScheduleSpecs.ScheduleSpec schedule) {
        this(target, image, strategy, approval, health, onFailure, allowPolicySwitch, schedule, null);
    }

    public record AnalysisSpec(List<CheckSpec> checks,
                               @Schema(example = "PT1M", description = "ISO-8601 duration between measurements, and "
                                       + "the time each one looks back over; PT1S-PT1H, default PT1M") String interval,
                               @Schema(example = "3", description = "measurements per wave, 1-100; default 1") Integer samples,
                               @Schema(description = "what an inconclusive measurement (no data, NaN, provider error) "
                                       + "does; default PAUSE") InconclusivePolicy onInconclusive) {
    }

    public record CheckSpec(@Schema(example = "errors") String name,
                            @Schema(example = "azure-monitor", description = "a provider configured on the worker, "
                                    + "by name (never a URL)") String provider,
                            @Schema(example = "http_error_rate", description = "Azure Monitor metric name") String metric,
                            @Schema(description = "PromQL, for a Prometheus provider (not served yet)") String query,
                            @Schema(example = "Average", description = "Average, Minimum, Maximum, Total or Count; "
                                    + "default Average") String aggregation,
                            @Schema(example = "< 0.05", description = "<, <=, >, >= or == and a number, or baseline "
                                    + "(* a factor): '<= baseline * 1.5'") String condition) {
    }

    public record Target(@Schema(example = "00000000-0000-0000-0000-000000000000") String subscriptionId,
                         @Schema(example = "demo-rg") String resourceGroup,
                         @Schema(example = "web") String scaleSet) {
    }

    @Schema(description = "exactly one of: version; sku (+ optional version); id; osDiskImageUri")
    public record Image(@Schema(example = "24.04.202410010") String version,
                        @Schema(example = "24_04-lts") String sku,
                        @Schema(description = "managed or gallery image resource ID") String id,
                        @Schema(description = "https URL of a .vhd blob (legacy custom image)") String osDiskImageUri) {
    }

    public record StrategySpec(@Schema(description = "default UPDATE_DOMAIN") StrategyMode mode,
                               Integer batchSize, Integer batchPercent, List<String> instanceIds,
                               @Schema(example = "PT5M", description = "ISO-8601 duration; default PT0S") String pauseBetweenWaves,
                               Boolean prioritizeUnhealthy) {
    }

    public record Approval(@Schema(description = "default NONE") ApprovalMode mode) {
    }

    public record Health(@Schema(example = "PT30M", description = "ISO-8601 duration; default PT30M") String timeout,
                         @Schema(example = "PT1M", description = "ISO-8601 duration; default vmss.rollouts.default-min-ready "
                                 + "(PT1M), at most half of timeout") String minReady,
                         @Schema(description = "0-100; default 0") Integer maxUnhealthyPercent,
                         @Schema(description = "count an instance healthy only on a signal from the Application "
                                 + "Health extension or a load-balancer probe; default true, and a scale set with "
                                 + "neither is refused unless this is false") Boolean requireSignal,
                         @Schema(example = "PT2H", description = "ISO-8601 duration: the longest one wave may take "
                                 + "from its manualupgrade to healthy; a wave stuck on Azure fails after it and "
                                 + "onFailure applies; default health.timeout + PT1H") String waveDeadline) {
    }
}
