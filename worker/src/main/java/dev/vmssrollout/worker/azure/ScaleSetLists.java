package dev.vmssrollout.worker.azure;

import com.azure.core.http.rest.PagedIterable;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.models.UpgradeMode;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Reads the scale sets of a subscription or resource group, one paged list call, for a person picking one. */
final class ScaleSetLists {

    private static final Comparator<ScaleSetSummary> BY_GROUP_AND_NAME = Comparator
            .comparing((ScaleSetSummary s) -> s.scaleSet().resourceGroup().toLowerCase(Locale.ROOT))
            .thenComparing(s -> s.scaleSet().name().toLowerCase(Locale.ROOT));

    private ScaleSetLists() {
    }

    /** At most one more than {@link ScaleSetList#MAX_SCALE_SETS}, so that the list can say it was cut. */
    static List<ScaleSetSummary> list(VirtualMachineScaleSetsClient scaleSets, String subscriptionId, String resourceGroup) {
        PagedIterable<VirtualMachineScaleSetInner> pages = resourceGroup == null ? scaleSets.list()
                : scaleSets.listByResourceGroup(resourceGroup);
        List<ScaleSetSummary> summaries = new ArrayList<>();
        for (VirtualMachineScaleSetInner model : pages) {
            summaries.add(summary(subscriptionId, model));
            if (summaries.size() > ScaleSetList.MAX_SCALE_SETS) {
                break;
            }
        }
        summaries.sort(BY_GROUP_AND_NAME);
        return summaries;
    }

    private static ScaleSetSummary summary(String subscriptionId, VirtualMachineScaleSetInner model) {
        String policy = model.upgradePolicy() == null || model.upgradePolicy().mode() == null
                ? UpgradeMode.MANUAL.toString() : model.upgradePolicy().mode().toString();
        int capacity = model.sku() == null || model.sku().capacity() == null ? 0 : model.sku().capacity().intValue();
        return new ScaleSetSummary(new ScaleSetRef(subscriptionId, resourceGroupOf(model.id()), model.name()),
                model.location(), capacity, policy, AzureScaleSetActivities.imageOf(model), model.tags());
    }

    /** The resource group segment of an ARM resource id ({@code /subscriptions/s/resourceGroups/rg/...}). */
    static String resourceGroupOf(String resourceId) {
        String[] segments = resourceId == null ? new String[0] : resourceId.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equalsIgnoreCase("resourceGroups")) {
                return segments[i + 1];
            }
        }
        throw new IllegalArgumentException("Azure listed a scale set whose id names no resource group: " + resourceId);
    }
}
