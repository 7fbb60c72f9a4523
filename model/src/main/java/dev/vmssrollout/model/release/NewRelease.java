package dev.vmssrollout.model.release;

import java.time.Instant;
import java.util.Objects;

/** A release as submitted; stored PENDING with one row per listed scale set. */
public record NewRelease(String releaseId, ReleasePlan plan, String submittedBy, Instant at) {

    public NewRelease {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(submittedBy, "submittedBy");
        Objects.requireNonNull(at, "at");
    }
}
