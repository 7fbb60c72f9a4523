package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.release.RegionPairs;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.workflows.Failures;
import dev.vmssrollout.workflows.ScaleSetListActivities;
import dev.vmssrollout.workflows.ScaleSetSummary;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The region-pair rule was checked at submit against the regions the plan declares; before its first stage a release
 * proves them against Azure: one list of scale sets per resource group that holds a scale set with a declared region,
 * compared with each one's location. A region that differs, a scale set that is not there or a list that cannot be
 * read ends the release before it touches anything.
 */
final class DeclaredRegions {

    /** Workflow.getVersion change ID: releases started before regions were checked replay without the lists. */
    static final String CHANGE_ID = "declared-regions";

    private final ReleaseData data;
    private final ScaleSetListActivities azure;

    DeclaredRegions(ReleaseData data, ScaleSetListActivities azure) {
        this.data = data;
        this.azure = azure;
    }

    /** @return what is wrong, every scale set at fault named; null when every declared region is Azure's */
    String problems() {
        Map<String, List<ReleaseScaleSet>> byGroup = new LinkedHashMap<>();
        for (ReleaseStage stage : data.plan.stages()) {
            for (ReleaseScaleSet scaleSet : stage.scaleSets()) {
                if (scaleSet.region() != null) {
                    byGroup.computeIfAbsent(key(scaleSet.subscriptionId(), scaleSet.resourceGroup()),
                            k -> new ArrayList<>()).add(scaleSet);
                }
            }
        }
        if (byGroup.isEmpty() || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return null;
        }
        Map<String, Promise<List<ScaleSetSummary>>> lists = new LinkedHashMap<>();
        byGroup.forEach((key, group) -> lists.put(key, Async.function(azure::listScaleSets,
                group.get(0).subscriptionId(), group.get(0).resourceGroup())));
        List<String> problems = new ArrayList<>();
        byGroup.forEach((key, group) -> {
            String resourceGroup = group.get(0).resourceGroup();
            Map<String, String> locations = new LinkedHashMap<>();
            try {
                for (ScaleSetSummary summary : lists.get(key).get()) {
                    locations.put(summary.scaleSet().name().toLowerCase(Locale.ROOT), summary.location());
                }
            } catch (ActivityFailure e) {
                problems.add("the scale sets of resource group " + resourceGroup + " could not be listed to check"
                        + " their regions: " + Failures.describe(e));
                return;
            }
            for (ReleaseScaleSet scaleSet : group) {
                String location = locations.get(scaleSet.scaleSet().toLowerCase(Locale.ROOT));
                if (location == null) {
                    problems.add(scaleSet.scaleSet() + " is not in resource group " + resourceGroup);
                } else if (!RegionPairs.name(location).equals(RegionPairs.name(scaleSet.region()))) {
                    problems.add(scaleSet.scaleSet() + " is declared in " + scaleSet.region() + " but Azure has it in "
                            + location);
                }
            }
        });
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String key(String subscriptionId, String resourceGroup) {
        return subscriptionId.toLowerCase(Locale.ROOT) + "/" + resourceGroup.toLowerCase(Locale.ROOT);
    }
}
