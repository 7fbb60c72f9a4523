package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.WavePlan;

import java.util.List;

/**
 * A scale set as it is now and, when a plan was given, the image it would move to and its waves.
 * {@code violations} lists why the plan cannot run on this scale set (then {@code wavePlan} is null).
 */
public record ScaleSetInspection(ScaleSetModel model, List<Instance> instances, Image targetImage, WavePlan wavePlan,
                                 List<Violation> violations) {

    public ScaleSetInspection {
        instances = List.copyOf(instances);
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
