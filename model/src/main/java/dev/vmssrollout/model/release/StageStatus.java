package dev.vmssrollout.model.release;

import java.util.List;

/** One stage of a stored release with each scale set's rollouts. */
public record StageStatus(int index, String name, List<ReleaseScaleSetStatus> scaleSets) {

    public StageStatus {
        scaleSets = List.copyOf(scaleSets);
    }
}
