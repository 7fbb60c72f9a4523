package dev.vmssrollout.model.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One step of a release: its scale sets roll in parallel, at most {@code maxConcurrent} at once; after the last
 * one succeeded the release waits {@code bakeTime} before the next stage. With {@code approvalRequired} the stage
 * starts only once a person other than the submitter approved it.
 */
public record ReleaseStage(String name, List<ReleaseScaleSet> scaleSets, int maxConcurrent, Duration bakeTime,
                           boolean approvalRequired, StageOverrides overrides) {

    public ReleaseStage {
        // Not List.copyOf: a null element is a violation for ReleaseValidator to report, not a NullPointerException.
        scaleSets = scaleSets == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(scaleSets));
        bakeTime = bakeTime == null ? Duration.ZERO : bakeTime;
        overrides = overrides == null ? StageOverrides.NONE : overrides;
    }

    public ReleaseStage(String name, List<ReleaseScaleSet> scaleSets, int maxConcurrent, Duration bakeTime) {
        this(name, scaleSets, maxConcurrent, bakeTime, false, StageOverrides.NONE);
    }
}
