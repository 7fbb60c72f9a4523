package dev.vmssrollout.model.store;

import dev.vmssrollout.model.RolloutPlan;

/**
 * A workflow run asking to act for a rollout.
 *
 * @param token       the claim token from the workflow input
 * @param run         the run's fencing token: its Temporal run ID
 * @param previousRun the run this one continued as new from (set by the Temporal server, not the caller), or null;
 *                    the claim passes from that run to this one
 * @param resumed     a restart by the reconciler (any non-terminal state will do) rather than a new rollout (PENDING)
 * @param plan        the plan the workflow would carry out; it must be the stored one
 * @param submittedBy the submitter the workflow holds for four-eyes; it must be the stored one
 */
public record RolloutClaim(String rolloutId, String token, String run, String previousRun, boolean resumed, RolloutPlan plan,
                           String submittedBy) {
}
