-- Mass incidents (群体性事件, io.gridwatch.incidents, issue 12 item 1; docs/incidents.md).
--
-- An incident groups the open cases of one employer (credit code) or one construction project
-- (the WAGE_ARREARS attribute projectName, normalised) once their workers reach the threshold,
-- or the cases a user declares. It is opened exactly once however many nodes sweep: at most one
-- open incident per key (incident_open_key) and at most one open incident per case
-- (incident_case_open), and the sweep that opens them runs under one row lock
-- (incident_sweep, FOR UPDATE SKIP LOCKED).

-- The normalised project key of a case: only wage-arrears cases, the projectName attribute in
-- Unicode NFKC (full-width letters and digits as half-width), lower case, without blanks and
-- punctuation, without a trailing 项目/工程/工地; null when nothing is left. Immutable, so the
-- index below can hold it.
CREATE FUNCTION incident_project_key(category text, attributes jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN category = 'WAGE_ARREARS' AND jsonb_typeof(attributes -> 'projectName') = 'string' THEN
    nullif(regexp_replace(
      regexp_replace(lower(normalize(attributes ->> 'projectName', NFKC)),
        '[[:space:][:punct:]·•、，。；：！？（）【】《》〈〉“”‘’「」『』〔〕—－～]+', '', 'g'),
      '(项目|工程|工地)+$', ''), '')
  END
$$;

-- The detector's reads: the open cases of one employer, of one project (index only, never a
-- scan of all cases).
CREATE INDEX case_file_open_credit_code ON case_file (employer_credit_code)
  WHERE employer_credit_code IS NOT NULL AND status NOT IN ('CLOSED', 'DECLINED', 'MERGED');
CREATE INDEX case_file_open_project ON case_file (incident_project_key(category, attributes))
  WHERE incident_project_key(category, attributes) IS NOT NULL AND status NOT IN ('CLOSED', 'DECLINED', 'MERGED');

CREATE SEQUENCE incident_no_seq;

CREATE TABLE incident (
  id                    bigserial   PRIMARY KEY,
  -- GW-INC-<yyyymmdd, Asia/Shanghai>-<4 digits or more from incident_no_seq>
  incident_no           text        NOT NULL UNIQUE,
  -- What groups its cases: EMPLOYER (credit code) or PROJECT (normalised project name); none for a
  -- declared incident whose cases share neither.
  key_kind              text        CHECK (key_kind IN ('EMPLOYER', 'PROJECT')),
  key_value             text,
  status                text        NOT NULL CHECK (status IN ('OPEN', 'RESPONDING', 'CLOSED')),
  version               bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
  grade                 text        NOT NULL CHECK (length(grade) BETWEEN 1 AND 16),
  -- The deepest cell holding all its cases (docs/incidents.md); null when none of them has a cell.
  cell_code             text        CHECK (cell_code ~ '^[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?$'),
  -- WGS84, of its first located case.
  lon                   double precision,
  lat                   double precision,
  employer_name         text,
  employer_credit_code  text,
  project_name          text,
  workers               integer     NOT NULL CHECK (workers >= 0),
  opened_at             timestamptz NOT NULL,
  -- Null: opened by the system.
  opened_by             bigint      REFERENCES app_user (id),
  opened_by_name        text        NOT NULL,
  note                  text,
  -- The 四个一 team: [{role, name, phone?, userId?}].
  team                  jsonb       NOT NULL DEFAULT '[]',
  arrived_at            timestamptz,
  arrived_by            bigint      REFERENCES app_user (id),
  arrival_lon           double precision,
  arrival_lat           double precision,
  on_site_overdue       boolean     NOT NULL DEFAULT false,
  closed_at             timestamptz,
  closed_by             bigint      REFERENCES app_user (id),
  summary               text,
  updated_at            timestamptz NOT NULL,
  CHECK ((key_kind IS NULL) = (key_value IS NULL)),
  CHECK ((lon IS NULL) = (lat IS NULL)),
  CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
);
-- One open incident per key: the second opener's INSERT ... ON CONFLICT DO NOTHING finds it.
CREATE UNIQUE INDEX incident_open_key ON incident (key_kind, key_value) WHERE status <> 'CLOSED' AND key_kind IS NOT NULL;
CREATE INDEX incident_open_cell ON incident (cell_code text_pattern_ops, id) WHERE status <> 'CLOSED';
CREATE INDEX incident_cell ON incident (cell_code text_pattern_ops, id);
CREATE INDEX incident_opened_at ON incident (opened_at);

-- The cases of an incident. "open" follows the incident (false once it closed), so that a case
-- is in at most one open incident; a case once in any incident no longer counts towards opening
-- one automatically (a closed incident's key is free again for a new wave of cases).
CREATE TABLE incident_case (
  incident_id  bigint      NOT NULL REFERENCES incident (id),
  case_id      bigint      NOT NULL REFERENCES case_file (id),
  joined_at    timestamptz NOT NULL,
  open         boolean     NOT NULL DEFAULT true,
  PRIMARY KEY (incident_id, case_id)
);
CREATE UNIQUE INDEX incident_case_open ON incident_case (case_id) WHERE open;
CREATE INDEX incident_case_case ON incident_case (case_id);

-- Tasks of other departments (公安、住建、工会、财政、法院、人社 ...).
CREATE TABLE incident_task (
  id           bigserial   PRIMARY KEY,
  incident_id  bigint      NOT NULL REFERENCES incident (id),
  department   text        NOT NULL CHECK (department IN ('POLICE', 'HOUSING_CONSTRUCTION', 'UNION', 'FINANCE', 'COURT',
                 'HUMAN_RESOURCES', 'OTHER')),
  title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status       text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'IN_PROGRESS', 'DONE')),
  due_at       timestamptz,
  note         text,
  created_at   timestamptz NOT NULL,
  created_by   bigint      REFERENCES app_user (id),
  updated_at   timestamptz NOT NULL
);
CREATE INDEX incident_task_incident ON incident_task (incident_id, id);

-- Every step: who, when, what.
CREATE TABLE incident_timeline (
  id           bigserial   PRIMARY KEY,
  incident_id  bigint      NOT NULL REFERENCES incident (id),
  at           timestamptz NOT NULL,
  actor_id     bigint      REFERENCES app_user (id),
  actor_name   text        NOT NULL,
  actor_role   text        NOT NULL,
  action       text        NOT NULL,
  data         jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, id);

-- The one-hour on-site clock (一小时维权服务圈) as a row, swept like case deadlines: claimed
-- FOR UPDATE SKIP LOCKED, marked once when it falls due without an arrival.
CREATE TABLE incident_deadline (
  incident_id   bigint      NOT NULL REFERENCES incident (id),
  kind          text        NOT NULL CHECK (kind IN ('ON_SITE')),
  started_at    timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  met_at        timestamptz,
  escalated_at  timestamptz,
  PRIMARY KEY (incident_id, kind)
);
CREATE INDEX incident_deadline_due ON incident_deadline (due_at) WHERE met_at IS NULL AND escalated_at IS NULL;

-- The detector's cursor: the last outbox seq whose cases it looked at. The outbox is gapless and
-- commits in seq order (V4), so "after the cursor" misses no case change. One row, locked by the
-- sweeping node (SKIP LOCKED: the others skip), and by a declaration (waiting).
CREATE TABLE incident_sweep (
  one       boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_seq  bigint  NOT NULL
);
-- Cases changed before this version are not looked at again (docs/incidents.md).
INSERT INTO incident_sweep (one, last_seq) SELECT true, coalesce(max(seq), 0) FROM event_outbox;
