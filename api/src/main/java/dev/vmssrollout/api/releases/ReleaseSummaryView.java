package dev.vmssrollout.api.releases;

import dev.vmssrollout.model.RolloutState;

import java.time.Instant;

/** One line of {@code GET /api/v1/releases}. */
public record ReleaseSummaryView(String id, RolloutState state, String reason, String imageChange, String submittedBy,
                                 Integer currentStage, int stagesTotal, int scaleSetsTotal, int scaleSetsSucceeded,
                                 Instant createdAt, Instant updatedAt, ReleaseView.Links links) {
}
