package dev.vmssrollout.model.schedule;

/**
 * An emergency override of the rollout's maintenance windows: asked for by one person with a
 * reason, approved by another. Add fields, never reorder or repurpose them.
 *
 * @param approvedBy null while it waits for approval
 */
public record WindowOverride(String requestedBy, String reason, String approvedBy) {

    public boolean approved() {
        return approvedBy != null;
    }
}
