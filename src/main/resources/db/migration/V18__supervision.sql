-- Issue 12 item 2: supervision by hand (督办 / 挂牌督办) next to the automatic raise of V5. Every
-- placement is a row; the current one of a case is the row not yet ended (at most one, by the
-- partial unique index). case_file.supervision stays the current level, so the list filter,
-- its index and the figures keep working unchanged. Rules: docs/supervision.md.
CREATE TABLE case_supervision (
  id          bigserial   PRIMARY KEY,
  case_id     bigint      NOT NULL REFERENCES case_file (id),
  level       text        NOT NULL CHECK (level IN ('SUPERVISED', 'LISTED')),
  -- AUTOMATIC: raised by the deadline sweeper (reason: the deadline kind missed);
  -- MANUAL: placed by a leader or a higher grid's supervisor.
  source      text        NOT NULL CHECK (source IN ('AUTOMATIC', 'MANUAL')),
  reason      text        CHECK (reason IS NULL OR length(reason) <= 40),
  -- 承办单位 and 办结时限: required of a manual placement; an automatic one may inherit them.
  unit        text        CHECK (unit IS NULL OR length(unit) BETWEEN 1 AND 100),
  due_at      timestamptz,
  note        text        CHECK (note IS NULL OR length(note) <= 500),
  placed_by   bigint      REFERENCES app_user (id),
  placed_at   timestamptz NOT NULL,
  -- How it ended: LIFTED (解除督办, by hand) or REPLACED (by a new placement or a raise).
  ended_at    timestamptz,
  ended_how   text        CHECK (ended_how IN ('LIFTED', 'REPLACED')),
  ended_by    bigint      REFERENCES app_user (id),
  end_note    text        CHECK (end_note IS NULL OR length(end_note) <= 500),
  CHECK ((ended_at IS NULL) = (ended_how IS NULL)),
  CHECK (source = 'AUTOMATIC' OR (unit IS NOT NULL AND due_at IS NOT NULL AND placed_by IS NOT NULL))
);
CREATE UNIQUE INDEX case_supervision_current ON case_supervision (case_id) WHERE ended_at IS NULL;
CREATE INDEX case_supervision_case ON case_supervision (case_id, id);

-- The supervision the sweeper raised before this migration: the current rows, automatic.
INSERT INTO case_supervision (case_id, level, source, placed_at)
SELECT id, supervision, 'AUTOMATIC', updated_at FROM case_file WHERE supervision IS NOT NULL;
