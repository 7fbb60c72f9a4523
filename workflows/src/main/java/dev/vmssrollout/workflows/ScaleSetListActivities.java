package dev.vmssrollout.workflows;

import io.temporal.activity.ActivityInterface;

import java.util.List;

/** Azure Resource Manager's lists of scale sets, for a person picking one. */
@ActivityInterface
public interface ScaleSetListActivities {

    /**
     * The scale sets of the subscription, or of one of its resource groups when {@code resourceGroup} is not null,
     * ordered by resource group and name: the first {@link ScaleSetList#MAX_SCALE_SETS} and one more when there are
     * more (which tells the list it was cut). Failures carry Azure's error code as {@link ScaleSetActivities}' do.
     */
    List<ScaleSetSummary> listScaleSets(String subscriptionId, String resourceGroup);
}
