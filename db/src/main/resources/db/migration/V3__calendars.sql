-- Maintenance calendars (issue 17): weekly windows and freezes that scheduled rollouts wait for.

CREATE TABLE calendars (
    name       text        PRIMARY KEY,
    -- the Calendar as JSON: timeZone, windows, freezes, defaultFor
    definition jsonb       NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Where a calendar applies when a plan names none. resource_group '' stands for the whole
-- subscription; ARM names are case-insensitive, and one scope has at most one default calendar.
CREATE TABLE calendar_defaults (
    calendar        text NOT NULL REFERENCES calendars (name) ON DELETE CASCADE,
    subscription_id text NOT NULL,
    resource_group  text NOT NULL
);
CREATE UNIQUE INDEX calendar_defaults_one_per_scope
    ON calendar_defaults (lower(subscription_id), lower(resource_group));

-- While a rollout is WAITING_FOR_WINDOW: when it may go on (null otherwise, or when no window leaves room).
ALTER TABLE rollouts ADD COLUMN next_window_start timestamptz;
