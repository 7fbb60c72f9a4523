package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.WavePlan;

import java.util.List;

/**
 * A scale set as it is now and, when a plan was given, the image it would move to and its waves.
 * {@code violations} lists why the plan cannot run on this scale set (then {@code wavePlan} is null).
 * {@code refusal}, when not null, is Azure refusing to show the scale set for a reason the user can fix (no such
 * scale set, no access, a bad request): then nothing else is known.
 */
public record ScaleSetInspection(ScaleSetModel model, List<Instance> instances, Image targetImage, WavePlan wavePlan,
                                 List<Violation> violations, Refusal refusal) {

    /** Azure's refusal: {@code failureType} is a {@link RolloutFailure} name, {@code reason} what Azure said. */
    public record Refusal(String failureType, String reason) {
    }

    public ScaleSetInspection {
        instances = List.copyOf(instances);
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public ScaleSetInspection(ScaleSetModel model, List<Instance> instances, Image targetImage, WavePlan wavePlan,
                              List<Violation> violations) {
        this(model, instances, targetImage, wavePlan, violations, null);
    }

    public static ScaleSetInspection refused(String failureType, String reason) {
        return new ScaleSetInspection(null, List.of(), null, null, List.of(), new Refusal(failureType, reason));
    }
}
