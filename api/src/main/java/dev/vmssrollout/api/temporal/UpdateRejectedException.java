package dev.vmssrollout.api.temporal;

/**
 * The workflow refused an Update. {@code badRequest} marks refusals of the request itself (an
 * unknown wave, four-eyes) as opposed to refusals because of the rollout's state now.
 */
public class UpdateRejectedException extends RuntimeException {

    private final boolean badRequest;

    public UpdateRejectedException(String message, boolean badRequest) {
        super(message);
        this.badRequest = badRequest;
    }

    public boolean badRequest() {
        return badRequest;
    }
}
