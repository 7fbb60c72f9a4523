package dev.vmssrollout.api.scalesets;

/**
 * The worker could not read the scale set for a reason other than its absence (Azure refused the
 * credentials, kept failing...). {@code failureType} is the {@code RolloutFailure} name, when known.
 */
public class InspectionFailedException extends RuntimeException {

    private final String failureType;

    public InspectionFailedException(String message, String failureType, Throwable cause) {
        super(message, cause);
        this.failureType = failureType;
    }

    public String failureType() {
        return failureType;
    }
}
