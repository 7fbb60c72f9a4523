package dev.vmssrollout.workflows;

/** An operator asks to run outside the maintenance windows; someone else must approve it. */
public record OverrideRequest(String actor, String reason) {
}
