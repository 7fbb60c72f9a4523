-- Releases: many scale sets in ordered stages. Each scale set's upgrade is an ordinary rollout (its own row in
-- rollouts, its own workflow); these tables hold the release's plan and state and link it to those rollouts.

CREATE TABLE releases (
    id            text        PRIMARY KEY,
    -- the rollout states: the release's own, not derived from its rollouts
    state         text        NOT NULL,
    state_reason  text,
    -- the plan exactly as submitted (ReleasePlan as JSON)
    plan          jsonb       NOT NULL,
    image_change  text,
    submitted_by  text        NOT NULL,
    current_stage integer,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX releases_by_created ON releases (created_at DESC, id DESC);

CREATE TABLE release_scale_sets (
    release_id          text    NOT NULL REFERENCES releases (id),
    stage_index         integer NOT NULL CHECK (stage_index >= 0),
    -- the scale set's place in its stage as listed: stages start their scale sets in this order
    position            integer NOT NULL CHECK (position >= 0),
    subscription_id     text    NOT NULL,
    resource_group      text    NOT NULL,
    scale_set           text    NOT NULL,
    region              text,
    -- the latest rollout that upgraded it (a retry replaces a failed one; the failed one keeps its own row)
    rollout_id          text    REFERENCES rollouts (id),
    -- the rollout that put its previous image back when the release was rolled back
    rollback_rollout_id text    REFERENCES rollouts (id),
    PRIMARY KEY (release_id, stage_index, position)
);

-- A scale set is upgraded once per release: listing it twice is refused by validation, and here for good.
CREATE UNIQUE INDEX release_scale_sets_once
    ON release_scale_sets (release_id, lower(subscription_id), lower(resource_group), lower(scale_set));
