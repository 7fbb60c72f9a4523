package dev.vmssrollout.worker.azure;

import com.azure.core.management.exception.ManagementException;
import dev.vmssrollout.workflows.RolloutFailure;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;

/** Turns Azure SDK exceptions into activity failures that say what Azure said and whether to retry. */
final class AzureErrors {

    private static final Logger log = LoggerFactory.getLogger(AzureErrors.class);

    private AzureErrors() {
    }

    static ApplicationFailure toFailure(String action, RuntimeException error) {
        if (error instanceof ManagementException arm && arm.getResponse() != null) {
            int status = arm.getResponse().getStatusCode();
            String code = arm.getValue() == null ? "unknown" : arm.getValue().getCode();
            String message = arm.getValue() == null ? arm.getMessage() : arm.getValue().getMessage();
            RolloutFailure kind = status == 409 ? classifyConflict(code, message) : classify(status);
            String text = "%s: Azure answered %d %s: %s".formatted(action, status, code, message);
            if (status != 409 && !kind.retryable()) {
                return userMistake(text, kind);
            }
            return kind.retryable()
                    ? ApplicationFailure.newFailureWithCause(text, kind.name(), error)
                    : ApplicationFailure.newNonRetryableFailureWithCause(text, kind.name(), error);
        }
        return ApplicationFailure.newFailureWithCause(action + ": " + error, RolloutFailure.TRANSIENT.name(), error);
    }

    /**
     * 404, 400/422, 401/403: the name, the request or the access is wrong, and the user can fix it. Azure's answer
     * says all there is to say, so it is logged as one line, and the failure carries no cause and is BENIGN, which
     * keeps Temporal from logging the SDK's stack trace (some 130 lines per failed activity) as a warning.
     */
    private static ApplicationFailure userMistake(String text, RolloutFailure kind) {
        log.warn("{} ({})", text, kind);
        return ApplicationFailure.newBuilder().setMessage(text).setType(kind.name()).setNonRetryable(true)
                .setCategory(ApplicationErrorCategory.BENIGN).build();
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
