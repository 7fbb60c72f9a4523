package dev.vmssrollout.api.rollouts;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of {@code POST /api/v1/rollouts/{id}/approve}. */
public record ApproveRequest(@Schema(description = "0-based wave index; default: the wave waiting for approval") Integer wave,
                             @Schema(maxLength = 1000) String comment) {
}
