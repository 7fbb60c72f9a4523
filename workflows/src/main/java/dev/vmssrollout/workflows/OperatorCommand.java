package dev.vmssrollout.workflows;

/** Who asked for a pause, resume, cancel, rollback or retry, and why. */
public record OperatorCommand(String actor, String reason) {
}
