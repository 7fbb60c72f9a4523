package dev.vmssrollout.model.store;

/**
 * The database cannot be reached (refused, timed out, shutting down): worth retrying later, unlike
 * every other failure of the store, which means a bug or a conflict.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
