package dev.vmssrollout.api.releases;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/v1/releases/{id}/override/approve}. */
public record OverrideApprovalRequest(@Schema(maxLength = 1000) String comment) {
}
