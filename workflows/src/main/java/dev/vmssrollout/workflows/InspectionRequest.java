package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;

/**
 * What to inspect; {@code plan} is null to only read the scale set. {@code requestId} names the row
 * the API wrote first: the worker reads a scale set only for a request the API made.
 */
public record InspectionRequest(ScaleSetRef scaleSet, RolloutPlan plan, String requestId) {

    public InspectionRequest(ScaleSetRef scaleSet, RolloutPlan plan) {
        this(scaleSet, plan, null);
    }
}
