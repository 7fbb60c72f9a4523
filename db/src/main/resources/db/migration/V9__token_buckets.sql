-- Issue 15: the worker's request budgets (per subscription: Compute counts per subscription and region) shared by
-- every worker process. One row per bucket; a change locks its row, so two workers never spend the same tokens.
-- Time is the database's clock, the one clock every worker shares.
CREATE TABLE token_buckets (
    bucket     text PRIMARY KEY,
    tokens     double precision NOT NULL,
    changed_at timestamptz NOT NULL
);
