-- Complaints and cases (受理 → 结案), their event log, the outbox of live events, and the
-- idempotency keys of filing. Complainants' personal data is kept in clear here and protected by
-- the API (masking, PersonalDataAccess, audited clear reads); the outbox holds masked data only.

CREATE SEQUENCE case_no_seq;

CREATE TABLE case_file (
  id                      bigserial   PRIMARY KEY,
  -- GW-<yyyymmdd, Asia/Shanghai>-<6 digits from case_no_seq>
  case_no                 text        NOT NULL UNIQUE,
  status                  text        NOT NULL CHECK (status IN ('RECEIVED', 'REGISTERED', 'DECLINED', 'DISPATCHED',
                            'ON_SITE', 'INVESTIGATING', 'RESOLVED', 'VERIFIED', 'CLOSED', 'MERGED', 'PARKED')),
  version                 bigint      NOT NULL CHECK (version >= 1),
  channel                 text        NOT NULL,
  category                text        NOT NULL,
  urgency                 text        NOT NULL DEFAULT 'NORMAL' CHECK (urgency IN ('NORMAL', 'URGENT')),
  attributes              jsonb       NOT NULL DEFAULT '{}',
  -- The location as given, and converted to WGS84 (null when the operator named a cell instead).
  lon                     double precision,
  lat                     double precision,
  crs                     text,
  lon_wgs84               double precision,
  lat_wgs84               double precision,
  -- The deepest cell, and the version of it the case was filed under; both null when unassigned.
  cell_code               text        CHECK (cell_code ~ '^[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?$'),
  cell_version_id         bigint      REFERENCES grid_cell (id),
  unassigned_reason       text,
  boundary                boolean     NOT NULL DEFAULT false,
  snapped                 boolean     NOT NULL DEFAULT false,
  employer_name           text        NOT NULL,
  employer_credit_code    text,
  workers_involved        integer     NOT NULL CHECK (workers_involved BETWEEN 1 AND 100000),
  amount_owed             numeric(14, 2) CHECK (amount_owed >= 0),
  description             text        NOT NULL,
  complainant_name        text        NOT NULL,
  complainant_phone       text        NOT NULL,
  complainant_id_number   text,
  taken_by                bigint      REFERENCES app_user (id),
  -- The workflow state (io.gridwatch.cases.workflow.CaseState).
  assigned_inspectors     bigint[]    NOT NULL DEFAULT '{}',
  accepted_by             bigint[]    NOT NULL DEFAULT '{}',
  extension_working_days  integer     NOT NULL DEFAULT 0 CHECK (extension_working_days BETWEEN 0 AND 30),
  status_before_parking   text,
  outcome                 jsonb,
  reworks                 integer     NOT NULL DEFAULT 0,
  follow_up               text,
  merged_into             bigint      REFERENCES case_file (id),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CHECK ((cell_code IS NULL) = (unassigned_reason IS NOT NULL)),
  CHECK ((lon IS NULL) = (lat IS NULL))
);
CREATE INDEX case_file_cell ON case_file (cell_code text_pattern_ops, id);
CREATE INDEX case_file_status ON case_file (status, id);
CREATE INDEX case_file_unassigned ON case_file (id) WHERE cell_code IS NULL;

CREATE TABLE case_event (
  id          bigserial   PRIMARY KEY,
  case_id     bigint      NOT NULL REFERENCES case_file (id),
  version     bigint      NOT NULL,
  type        text        NOT NULL,
  actor_id    bigint      REFERENCES app_user (id),
  actor_name  text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  data        jsonb       NOT NULL DEFAULT '{}',
  UNIQUE (case_id, version)
);

-- The system-wide event sequence. One counter row, taken with UPDATE ... RETURNING inside each
-- writing transaction: the row lock orders writers, so seq is gapless and commits in seq order
-- (a replay "after n" can never miss an event committed later with a smaller seq).
CREATE TABLE event_seq (
  one   boolean PRIMARY KEY DEFAULT true CHECK (one),
  last  bigint  NOT NULL
);
INSERT INTO event_seq (one, last) VALUES (true, 0);

CREATE TABLE event_outbox (
  seq         bigint      PRIMARY KEY,
  event_id    uuid        NOT NULL UNIQUE,
  case_id     bigint      NOT NULL REFERENCES case_file (id),
  cell_code   text,
  type        text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  -- Masked data only: live events go to many walls at once.
  payload     jsonb       NOT NULL
);
CREATE INDEX event_outbox_cell ON event_outbox (cell_code text_pattern_ops, seq);

CREATE TABLE idempotency_key (
  key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
  user_id       bigint      NOT NULL REFERENCES app_user (id),
  request_hash  text        NOT NULL,
  case_id       bigint      NOT NULL REFERENCES case_file (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT idempotency_key_user_key UNIQUE (user_id, key)
);
