package dev.vmssrollout.api.rollouts;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of pause, resume, cancel, rollback and retry: why, for the event log. */
public record OperatorRequest(@Schema(maxLength = 1000) String reason) {
}
