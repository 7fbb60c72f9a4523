-- Issue 18: the evidence of metric analysis gates. One row per measurement of one check for one wave,
-- written once (the primary key makes a retried measuring activity find the first one, never add another).

CREATE TABLE analysis_measurements (
    rollout_id          text             NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    wave_index          integer          NOT NULL,
    -- a retried wave is analysed again: its measurements are told apart by when the analysis began
    analysis_started_at timestamptz      NOT NULL,
    sample              integer          NOT NULL CHECK (sample >= 1),
    check_name          text             NOT NULL,
    provider            text             NOT NULL,
    -- the request as sent to the provider
    query               text             NOT NULL,
    range_from          timestamptz      NOT NULL,
    range_to            timestamptz      NOT NULL,
    -- VM name -> value (JSON null where the instance reported nothing)
    instance_values     jsonb            NOT NULL,
    value               double precision,
    baseline            double precision,
    condition           text             NOT NULL,
    verdict             text             NOT NULL CHECK (verdict IN ('PASS', 'FAIL', 'INCONCLUSIVE')),
    reason              text             NOT NULL,
    measured_at         timestamptz      NOT NULL,
    PRIMARY KEY (rollout_id, wave_index, analysis_started_at, sample, check_name)
);
