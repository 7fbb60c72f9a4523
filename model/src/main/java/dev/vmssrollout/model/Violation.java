package dev.vmssrollout.model;

/** One reason a plan is refused: the field at fault (as named in the REST API) and what to fix. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
