package dev.vmssrollout.api.rollouts;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Optional body of {@code POST /api/v1/rollouts/{id}/approve}: the wave by its 1-based {@code waveNumber} (as people
 * count, "wave 2/5") or by its 0-based {@code wave} index (as {@code waves[].index}); both may be given if they agree.
 */
public record ApproveRequest(@Schema(description = "0-based wave index; default: the wave waiting for approval") Integer wave,
                             @Schema(maxLength = 1000) String comment,
                             @Schema(description = "1-based wave number; default: the wave waiting for approval") Integer waveNumber) {
}
