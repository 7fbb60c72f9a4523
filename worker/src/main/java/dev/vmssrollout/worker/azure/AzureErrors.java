package dev.vmssrollout.worker.azure;

import com.azure.core.management.exception.ManagementException;
import dev.vmssrollout.workflows.RolloutFailure;
import io.temporal.failure.ApplicationFailure;

import java.util.Locale;
import java.util.Set;

/** Turns Azure SDK exceptions into activity failures that say what Azure said and whether to retry. */
final class AzureErrors {

    private AzureErrors() {
    }

    static ApplicationFailure toFailure(String action, RuntimeException error) {
        if (error instanceof ManagementException arm && arm.getResponse() != null) {
            int status = arm.getResponse().getStatusCode();
            String code = arm.getValue() == null ? "unknown" : arm.getValue().getCode();
            String message = arm.getValue() == null ? arm.getMessage() : arm.getValue().getMessage();
            RolloutFailure kind = status == 409 ? classifyConflict(code, message) : classify(status);
            String text = "%s: Azure answered %d %s: %s".formatted(action, status, code, message);
            return kind.retryable()
                    ? ApplicationFailure.newFailureWithCause(text, kind.name(), error)
                    : ApplicationFailure.newNonRetryableFailureWithCause(text, kind.name(), error);
        }
        return ApplicationFailure.newFailureWithCause(action + ": " + error, RolloutFailure.TRANSIENT.name(), error);
    }

    /**
     * A 409 clears only when another operation holds the scale set for now; one that refuses the change itself
     * ({@code PropertyChangeNotAllowed}, a quota) answers the same to every retry, so retrying would hold the wave
     * forever: the step fails at once with Azure's code and message.
     */
    static RolloutFailure classifyConflict(String code, String message) {
        if (code != null && CLEARING_CONFLICTS.contains(code)) {
            return RolloutFailure.TRANSIENT;
        }
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        boolean anotherOperation = text.contains("in progress") || text.contains("conflicting operation")
                || text.contains("another operation") || text.contains("being updated") || text.contains("being modified");
        return "OperationNotAllowed".equals(code) && anotherOperation ? RolloutFailure.TRANSIENT
                : RolloutFailure.INVALID_REQUEST;
    }

    private static final Set<String> CLEARING_CONFLICTS = Set.of("AnotherOperationInProgress", "Conflict",
            "ConflictingOperation", "OperationPreempted", "RetryableError", "ConcurrentRequestsConflict");

    static RolloutFailure classify(int status) {
        return switch (status) {
            case 404 -> RolloutFailure.SCALE_SET_NOT_FOUND;
            case 400, 422 -> RolloutFailure.INVALID_REQUEST;
            case 401, 403 -> RolloutFailure.NOT_AUTHORIZED;
            default -> RolloutFailure.TRANSIENT;
        };
    }
}
