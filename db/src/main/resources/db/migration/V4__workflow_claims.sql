-- The Temporal side door (SECURITY.md): a workflow proves it was started by the API or the
-- reconciler before it touches Azure, and an operator action proves it came through the API.

-- The API (or the reconciler) writes a fresh claim token before it starts a rollout's workflow and
-- passes it in the workflow input; the workflow's first activity presents it with its run, and the
-- first run to present it owns the rollout. Issuing a new token releases the old run's claim.
ALTER TABLE rollouts ADD COLUMN claim_token text;
ALTER TABLE rollouts ADD COLUMN claimed_run text;

-- Requests the API made on a person's behalf: an operator action or approval sent to a rollout
-- workflow, or a scale set inspection. The workflow consumes the row before it acts, so a signal or
-- workflow start that did not come through the API has no row to show.
CREATE TABLE api_requests (
    id          text        PRIMARY KEY,
    action      text        NOT NULL,
    -- the rollout ID, or the scale set (subscription/resource group/name) for an inspection
    subject     text        NOT NULL,
    actor       text        NOT NULL,
    created_at  timestamptz NOT NULL,
    consumed_at timestamptz
);

CREATE INDEX api_requests_by_created ON api_requests (created_at);
