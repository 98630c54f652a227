-- Linked complaints: workers from one site often call separately. Suggestions come from the same
-- employer (credit code) or the same category within 50 m, within 30 days; a merge adds the
-- merged case's workers (and those merged into it before) to the case it is merged into.

ALTER TABLE case_file ADD COLUMN merged_workers integer NOT NULL DEFAULT 0 CHECK (merged_workers >= 0);

CREATE INDEX case_file_credit_code ON case_file (employer_credit_code, created_at) WHERE employer_credit_code IS NOT NULL;
CREATE INDEX case_file_place ON case_file (category, lat_wgs84, lon_wgs84, created_at) WHERE lat_wgs84 IS NOT NULL;
-- List filters and sorting.
CREATE INDEX case_file_created ON case_file (created_at DESC, id DESC);
CREATE INDEX case_file_open_deadlines ON case_deadline (case_id, due_at) WHERE met_at IS NULL AND paused_at IS NULL;
