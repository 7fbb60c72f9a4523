package dev.vmssrollout.cli.api;

import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.ExitCode;

/** The API answered with an error status; {@code body} is its problem document as sent (for {@code -o json}). */
public class ApiException extends CliException {

    private final int status;
    private final String body;

    public ApiException(int status, String body, String message) {
        super(ExitCode.forStatus(status), message);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    /** A 502/503/504: the API or what it depends on is briefly unavailable; trying again may work. */
    public boolean transientFailure() {
        return status == 502 || status == 503 || status == 504;
    }
}
