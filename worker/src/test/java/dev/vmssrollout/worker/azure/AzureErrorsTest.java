package dev.vmssrollout.worker.azure;

import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import dev.vmssrollout.workflows.RolloutFailure;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenario 9: a 409 is retried only when it clears by itself. */
class AzureErrorsTest {

    private static ApplicationFailure conflict(String code, String message) {
        return AzureErrors.toFailure("start manualupgrade of instances [0, 5] of web",
                new ManagementException(message, TestResponses.status(409), new ManagementError(code, message)));
    }

    @Test
    void aWaveStuckOnAzureCanBeStopped() {
        ApplicationFailure never = conflict("PropertyChangeNotAllowed",
                "Changing property 'osDisk.createOption' is not allowed.");

        assertThat(never.isNonRetryable()).as("a 409 that never clears fails the step at once").isTrue();
        assertThat(never.getType()).isEqualTo(RolloutFailure.INVALID_REQUEST.name());
        assertThat(never.getOriginalMessage()).contains("409", "PropertyChangeNotAllowed", "osDisk.createOption");
    }

    @Test
    void aConflictingOperationIsWaitedOut() {
        ApplicationFailure busy = conflict("OperationNotAllowed", "The operation 'manualupgrade' is not allowed "
                + "because another operation is in progress on the scale set.");
        ApplicationFailure another = conflict("AnotherOperationInProgress", "Another operation is in progress.");
        ApplicationFailure updating = conflict("OperationNotAllowed", "Operation is not allowed on virtual machine "
                + "scale set 'web' since instance(s) 0, 5 are being updated.");

        assertThat(busy.isNonRetryable()).isFalse();
        assertThat(busy.getType()).isEqualTo(RolloutFailure.TRANSIENT.name());
        assertThat(another.isNonRetryable()).isFalse();
        assertThat(updating.isNonRetryable()).isFalse();
    }

    @Test
    void anOperationNotAllowedThatIsNotAConflictIsNotRetried() {
        ApplicationFailure quota = conflict("OperationNotAllowed",
                "Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota.");

        assertThat(quota.isNonRetryable()).isTrue();
    }

    @Test
    void aUsersMistakeIsBenignAndCarriesNoStackTraceOfTheSdk() {
        for (int status : new int[]{404, 400, 422, 401, 403}) {
            ApplicationFailure mistake = AzureErrors.toFailure("read the model of demo-rg/wbe",
                    new ManagementException("Status code " + status, TestResponses.status(status),
                            new ManagementError("ResourceNotFound", "The Resource 'wbe' was not found.")));

            assertThat(mistake.getCategory()).as("status %d", status).isEqualTo(ApplicationErrorCategory.BENIGN);
            assertThat(mistake.getCause()).as("status %d", status).isNull();
            assertThat(mistake.isNonRetryable()).isTrue();
            assertThat(mistake.getOriginalMessage()).contains(String.valueOf(status), "ResourceNotFound", "'wbe' was not found");
        }
        assertThat(AzureErrors.toFailure("read", new ManagementException("busy", TestResponses.status(503),
                new ManagementError("ServerBusy", "try later"))).getCategory())
                .as("a failure worth a warning stays one").isNotEqualTo(ApplicationErrorCategory.BENIGN);
    }
}
