package dev.vmssrollout.cli;

/**
 * A failure the CLI explains to its user and turns into an exit code. The message is printed as it
 * is, so it says what went wrong and what to do next.
 */
public class CliException extends RuntimeException {

    private final ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException badInput(String message) {
        return new CliException(ExitCode.BAD_INPUT, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
