package dev.vmssrollout.workflows.releases;

/** A person lets stage {@code stage} (0-based) of a release start. */
public record StageApproval(int stage, String approver, String comment) {
}
