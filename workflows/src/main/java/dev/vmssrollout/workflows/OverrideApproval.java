package dev.vmssrollout.workflows;

/** Another person approves the emergency override asked for on a rollout. */
public record OverrideApproval(String approver, String comment) {
}
