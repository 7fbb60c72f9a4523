-- An emergency override of a release's maintenance windows: asked for by one person with a reason, approved by
-- another. The release workflow writes what it accepted; a new run after Temporal lost the workflow reads it back.
ALTER TABLE releases ADD COLUMN override_requested_by text;
ALTER TABLE releases ADD COLUMN override_reason       text;
ALTER TABLE releases ADD COLUMN override_approved_by  text;
