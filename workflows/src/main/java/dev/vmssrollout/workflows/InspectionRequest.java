package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;

/** What to inspect; {@code plan} is null to only read the scale set. */
public record InspectionRequest(ScaleSetRef scaleSet, RolloutPlan plan) {
}
