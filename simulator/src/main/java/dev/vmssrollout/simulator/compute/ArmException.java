package dev.vmssrollout.simulator.compute;

/** A request the simulated resource provider refuses, with the HTTP status and ARM error it answers. */
public final class ArmException extends RuntimeException {
    private final int status;
    private final ArmError error;

    public ArmException(int status, String code, String message) {
        this(status, new ArmError(code, message));
    }

    public ArmException(int status, String code, String message, String target) {
        this(status, new ArmError(code, message, target, null));
    }

    public ArmException(int status, ArmError error) {
        super(error.code() + ": " + error.message());
        this.status = status;
        this.error = error;
    }

    public static ArmException invalidParameter(String message) {
        return new ArmException(400, "InvalidParameter", message);
    }

    public static ArmException notFound(String message) {
        return new ArmException(404, "ResourceNotFound", message);
    }

    public static ArmException conflict(String message) {
        return new ArmException(409, "OperationNotAllowed", message);
    }

    public int status() {
        return status;
    }

    public ArmError error() {
        return error;
    }
}
