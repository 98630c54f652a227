-- The clocks of each case (io.gridwatch.cases.clock): one row per case and deadline kind, written
-- in the same transaction as the case change that starts, moves, pauses or meets it. The
-- escalation sweeper claims due rows with FOR UPDATE SKIP LOCKED, so each warning and each
-- overdue escalation fires once however many nodes run.

CREATE TABLE case_deadline (
  case_id                 bigint      NOT NULL REFERENCES case_file (id),
  kind                    text        NOT NULL CHECK (kind IN ('LEGAL_ACCEPT', 'LEGAL_REGISTER', 'LEGAL_INVESTIGATE',
                            'SERVICE_ON_SITE', 'SERVICE_REGISTER', 'SERVICE_CLOSE')),
  started_at              timestamptz NOT NULL,
  -- Exclusive: met strictly before due_at is on time; red from due_at on.
  due_at                  timestamptz NOT NULL,
  -- Yellow from warn_at on (WarningPolicy).
  warn_at                 timestamptz NOT NULL CHECK (warn_at <= due_at),
  -- Parked (挂账): the clock is stopped and keeps what was left.
  paused_at               timestamptz,
  remaining_ms            bigint,
  remaining_working_days  integer,
  extension_working_days  integer     NOT NULL DEFAULT 0 CHECK (extension_working_days BETWEEN 0 AND 30),
  met_at                  timestamptz,
  -- Set by the sweeper when it published the yellow warning / the red escalation for the
  -- current due time; cleared when the deadline moves (extension, unparking).
  warned_at               timestamptz,
  escalated_at            timestamptz,
  PRIMARY KEY (case_id, kind)
);
-- The sweeper's work list: running, unmet clocks by the next instant something happens.
CREATE INDEX case_deadline_warn ON case_deadline (warn_at) WHERE met_at IS NULL AND paused_at IS NULL AND warned_at IS NULL;
CREATE INDEX case_deadline_due ON case_deadline (due_at) WHERE met_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL;

-- Supervision level reached by escalation (督办 → 挂牌督办), shown on the case and the wall.
ALTER TABLE case_file ADD COLUMN supervision text CHECK (supervision IN ('SUPERVISED', 'LISTED'));
