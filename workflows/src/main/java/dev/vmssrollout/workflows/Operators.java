package dev.vmssrollout.workflows;

/** How operator commands read in event messages. */
final class Operators {

    private Operators() {
    }

    /** "alice (maintenance window)", or "alice" without a reason. */
    static String describe(OperatorCommand command) {
        String actor = actor(command);
        return command.reason() == null || command.reason().isBlank() ? actor : actor + " (" + command.reason() + ")";
    }

    static String actor(OperatorCommand command) {
        return command.actor() == null || command.actor().isBlank() ? "an operator" : command.actor();
    }

    static String reason(OperatorCommand command) {
        return command.reason() == null || command.reason().isBlank() ? "no reason given" : command.reason();
    }
}
