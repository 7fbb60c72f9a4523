package dev.vmssrollout.worker.azure;

import com.azure.core.management.exception.ManagementException;
import dev.vmssrollout.workflows.RolloutFailure;
import io.temporal.failure.ApplicationFailure;

/** Turns Azure SDK exceptions into activity failures that say what Azure said and whether to retry. */
final class AzureErrors {

    private AzureErrors() {
    }

    static ApplicationFailure toFailure(String action, RuntimeException error) {
        if (error instanceof ManagementException arm && arm.getResponse() != null) {
            int status = arm.getResponse().getStatusCode();
            String code = arm.getValue() == null ? "unknown" : arm.getValue().getCode();
            String message = arm.getValue() == null ? arm.getMessage() : arm.getValue().getMessage();
            RolloutFailure kind = classify(status);
            String text = "%s: Azure answered %d %s: %s".formatted(action, status, code, message);
            return kind.retryable()
                    ? ApplicationFailure.newFailureWithCause(text, kind.name(), error)
                    : ApplicationFailure.newNonRetryableFailureWithCause(text, kind.name(), error);
        }
        return ApplicationFailure.newFailureWithCause(action + ": " + error, RolloutFailure.TRANSIENT.name(), error);
    }

    static RolloutFailure classify(int status) {
        return switch (status) {
            case 404 -> RolloutFailure.SCALE_SET_NOT_FOUND;
            case 400, 422 -> RolloutFailure.INVALID_REQUEST;
            case 401, 403 -> RolloutFailure.NOT_AUTHORIZED;
            // 409 means another operation holds the scale set for now; it ends, so retry.
            default -> RolloutFailure.TRANSIENT;
        };
    }
}
