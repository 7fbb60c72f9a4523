-- Issue 19: cheap reads. A number that grows with every change to what a rollout's read returns: every
-- projected event (its row, waves, instances, approvals, log) and every analysis sample. The API keeps the
-- rollouts it read with their version, asks only for the version on the next read, and answers a conditional
-- GET whose ETag holds the current version with 304.
ALTER TABLE rollouts ADD COLUMN version bigint NOT NULL DEFAULT 1;
