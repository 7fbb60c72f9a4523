package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.calendars.ScheduleSpecs;
import dev.vmssrollout.api.rollouts.RolloutRequest;
import dev.vmssrollout.model.FailurePolicy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/releases}: an image change, ordered stages, and the rollout plan fields every
 * scale set gets (as in a rollout's body, without {@code target}). Durations stay strings so that a bad one is
 * reported with the other violations.
 */
public record ReleaseRequest(RolloutRequest.Image image, List<Stage> stages, RolloutRequest.StrategySpec strategy,
                             RolloutRequest.Approval approval, RolloutRequest.Health health,
                             @Schema(description = "leave out or ABORT: the release itself stops the line")
                             FailurePolicy onFailure, Boolean allowPolicySwitch, ScheduleSpecs.ScheduleSpec schedule,
                             RolloutRequest.AnalysisSpec analysis,
                             @Schema(description = "allow both regions of an Azure region pair in one stage; "
                                     + "default false") Boolean allowPairedRegionsInStage) {

    public record Stage(@Schema(example = "canary") String name, List<ScaleSet> scaleSets,
                        @Schema(description = "adds the scale sets the worker sees in a subscription or resource "
                                + "group (optionally only some regions), read from Azure at submit")
                        Selection select,
                        @Schema(description = "rollouts of this stage at once, 1-200; default 1") Integer maxConcurrent,
                        @Schema(example = "PT10M", description = "ISO-8601 wait after the stage's last scale set "
                                + "succeeded; default PT0S") String bakeTime,
                        @Schema(description = "the stage starts only once someone other than the submitter "
                                + "approved it; default false") Boolean approvalRequired,
                        @Schema(description = "overrides the release's strategy for this stage")
                        RolloutRequest.StrategySpec strategy,
                        @Schema(description = "overrides the release's approval mode for this stage")
                        RolloutRequest.Approval approval,
                        @Schema(description = "overrides the release's health policy for this stage")
                        RolloutRequest.Health health) {
    }

    /**
     * Scale sets chosen by where they are rather than by name: those of a subscription, or of one of its resource
     * groups, optionally only in some regions. Read from Azure at submit and recorded in the plan as listed scale
     * sets, each with the region Azure reports.
     */
    public record Selection(@Schema(example = "00000000-0000-0000-0000-000000000000") String subscriptionId,
                            @Schema(example = "demo-rg") String resourceGroup,
                            @Schema(example = "[\"eastus\"]", description = "Azure regions (location names); "
                                    + "leave out for all") List<String> regions,
                            @Schema(example = "{\"env\": \"prod\"}", description = "ARM tags the scale set must "
                                    + "all carry (names ignoring case, values exactly); leave out for any") Map<String, String> tags) {
    }

    public record ScaleSet(@Schema(example = "00000000-0000-0000-0000-000000000000") String subscriptionId,
                           @Schema(example = "demo-rg") String resourceGroup,
                           @Schema(example = "web") String scaleSet,
                           @Schema(example = "eastus", description = "the scale set's Azure region, as the plan "
                                   + "declares it: checked against the region pairs at submit") String region) {
    }
}
