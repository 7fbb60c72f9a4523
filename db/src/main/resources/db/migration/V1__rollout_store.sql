-- The rollout store: plans as submitted and their progress, so both outlive the Temporal server.
-- Forward-only: change the schema in a new V<n>__ file, never by editing this one.

CREATE TABLE rollouts (
    id              text        PRIMARY KEY,
    subscription_id text        NOT NULL,
    resource_group  text        NOT NULL,
    scale_set       text        NOT NULL,
    state           text        NOT NULL,
    -- why the rollout waits, is paused, failed, was cancelled or rolled back (null otherwise)
    state_reason    text,
    -- the plan exactly as submitted (RolloutPlan as JSON)
    plan            jsonb       NOT NULL,
    -- the plan's image change in words, for lists that should not parse the plan
    image_change    text,
    -- previous image, previous upgrade policy and target image, once preflight passed
    baseline        jsonb,
    submitted_by    text        NOT NULL,
    idempotency_key text,
    -- the wave the last event concerned
    current_wave    integer,
    -- null until the waves are planned
    waves_total     integer,
    -- the highest event seq recorded; the next event gets last_seq + 1
    last_seq        bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- One active rollout per scale set: two would fight over its model and its capacity. ARM names are
-- case-insensitive, so 'Web' and 'web' are the same scale set. The states listed are exactly those
-- for which RolloutState.isTerminal() is true (a test keeps the two in step).
CREATE UNIQUE INDEX rollouts_one_active_per_scale_set
    ON rollouts (lower(subscription_id), lower(resource_group), lower(scale_set))
    WHERE state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK');

CREATE UNIQUE INDEX rollouts_idempotency_key
    ON rollouts (submitted_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- The rollout list: newest first, optionally by state or by scale set; id breaks ties.
CREATE INDEX rollouts_by_created ON rollouts (created_at DESC, id DESC);
CREATE INDEX rollouts_by_state ON rollouts (state, created_at DESC, id DESC);
CREATE INDEX rollouts_by_scale_set
    ON rollouts (lower(subscription_id), lower(resource_group), lower(scale_set), created_at DESC, id DESC);

CREATE TABLE waves (
    rollout_id   text        NOT NULL REFERENCES rollouts (id),
    wave_index   integer     NOT NULL CHECK (wave_index >= 0),
    label        text        NOT NULL,
    state        text        NOT NULL,
    started_at   timestamptz,
    completed_at timestamptz,
    PRIMARY KEY (rollout_id, wave_index)
);

CREATE TABLE instances (
    rollout_id  text        NOT NULL REFERENCES rollouts (id),
    instance_id text        NOT NULL,
    -- null for an instance skipped because it already ran the target image
    wave_index  integer,
    -- the instance's place in its wave (or in the skipped list) as planned: a resumed rollout
    -- must get back the very plan it started with, and a batch is not in instance ID order
    position    integer     NOT NULL,
    state       text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (rollout_id, instance_id),
    FOREIGN KEY (rollout_id, wave_index) REFERENCES waves (rollout_id, wave_index)
);

CREATE INDEX instances_by_wave ON instances (rollout_id, wave_index, position);

CREATE TABLE approvals (
    rollout_id  text        NOT NULL REFERENCES rollouts (id),
    wave_index  integer     NOT NULL,
    approver    text        NOT NULL,
    comment     text,
    approved_at timestamptz NOT NULL,
    PRIMARY KEY (rollout_id, wave_index, approver)
);

-- The event log: seq numbers a rollout's events 1, 2, 3...; (rollout_id, seq) makes recording idempotent.
CREATE TABLE events (
    rollout_id text        NOT NULL REFERENCES rollouts (id),
    seq        bigint      NOT NULL CHECK (seq > 0),
    at         timestamptz NOT NULL,
    type       text        NOT NULL,
    actor      text,
    message    text        NOT NULL,
    wave_index integer,
    -- the change-specific fields of the ProgressEvent (rolloutState, waveState, instances, wavePlan, baseline)
    payload    jsonb       NOT NULL,
    PRIMARY KEY (rollout_id, seq)
);

-- The log is evidence of what happened: it is appended to, never rewritten.
CREATE FUNCTION events_are_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'events are append-only: % on events is not allowed', TG_OP;
END
$$;

CREATE TRIGGER events_append_only_rows
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER events_append_only_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
