package dev.vmssrollout.api.releases;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/v1/releases/{id}/approve}. */
public record StageApprovalRequest(@Schema(description = "the stage's number, counted from 1", example = "2") Integer stage,
                                   @Schema(maxLength = 1000) String comment) {
}
