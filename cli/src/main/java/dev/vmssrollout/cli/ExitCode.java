package dev.vmssrollout.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes scripts can rely on, with the description {@code --help} prints. Add codes; never
 * renumber one.
 */
public enum ExitCode {
    OK(0, "Success; with --watch: the rollout SUCCEEDED."),
    ROLLOUT_NOT_SUCCEEDED(1, "With --watch: the rollout or release ended FAILED, CANCELLED or ROLLED_BACK."),
    BAD_INPUT(2, "Bad input or usage, including a plan the API refused (400/422)."),
    UNREACHABLE(3, "The API cannot be reached (connection refused, unknown host, timeout)."),
    AUTH(4, "Authentication or authorisation failed (401/403)."),
    CONFLICT(5, "Conflict (409): scale set busy, rollout not in a state that allows this."),
    NOT_FOUND(6, "Not found (404): no such rollout."),
    SERVER_ERROR(7, "Any other error of the API or the CLI (5xx, unexpected answers).");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    /** What an HTTP error status means to a script. */
    public static ExitCode forStatus(int status) {
        return switch (status) {
            // 413: the plan file is too large; 415 cannot happen with our own Content-Type but is still the input's fault.
            case 400, 413, 415, 422 -> BAD_INPUT;
            case 401, 403 -> AUTH;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> SERVER_ERROR;
        };
    }

    /** For picocli's "Exit codes:" section of every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(String.format("%2d", exit.code), exit.description);
        }
        return list;
    }
}
