-- A rollout whose workflow was terminated in Temporal ends TERMINATED: it no longer holds its scale set.
-- The states listed are exactly those for which RolloutState.isTerminal() is true (CreateRolloutTest keeps them in step).
DROP INDEX rollouts_one_active_per_scale_set;
CREATE UNIQUE INDEX rollouts_one_active_per_scale_set
    ON rollouts (lower(subscription_id), lower(resource_group), lower(scale_set))
    WHERE state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK', 'TERMINATED');
