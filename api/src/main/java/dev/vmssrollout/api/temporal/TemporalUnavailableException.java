package dev.vmssrollout.api.temporal;

/** Temporal could not be reached or did not answer in time; worth trying again later. */
public class TemporalUnavailableException extends RuntimeException {

    public TemporalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
