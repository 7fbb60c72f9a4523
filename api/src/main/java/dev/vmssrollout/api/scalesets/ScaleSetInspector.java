package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetList;

/**
 * Reads a scale set and the waves a plan would give on it. The API never talks to Azure itself:
 * the worker does, in a short inspection workflow.
 */
public interface ScaleSetInspector {

    /**
     * @throws ScaleSetNotFoundException                          Azure has no such scale set
     * @throws dev.vmssrollout.api.temporal.TemporalUnavailableException Temporal or the worker did not answer in time
     */
    ScaleSetInspection inspect(RolloutPlan plan);

    /** The scale set's model and instances, without a plan (no target image, no waves); throws as {@link #inspect}. */
    ScaleSetInspection read(ScaleSetRef scaleSet);

    /**
     * The scale sets of a subscription, or of one of its resource groups ({@code resourceGroup} not null). Azure's
     * refusal (no such resource group, no access) comes back in {@link ScaleSetList#refusal()}; throws as
     * {@link #inspect} when Temporal or the worker did not answer.
     */
    ScaleSetList list(String subscriptionId, String resourceGroup);
}
