-- Notifications that reach people away from the screen (io.gridwatch.notifications,
-- docs/notifications.md): rules, the dispatcher's cursor over event_outbox, the durable queue of
-- messages and the log of every delivery attempt.

-- Which events (types or prefixes such as incident.*), in which part of the grid, go to whom, by
-- which channel. Recipients are roles (resolved at dispatch time to the enabled users holding the
-- role whose grid contains the event's cell) and/or explicit user ids (also only when the event's
-- cell is inside their grid). The HMAC secret is write-only: the API never returns it.
CREATE TABLE notification_rule (
  id               bigserial   PRIMARY KEY,
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  events           text[]      NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 20),
  -- NULL: the whole city (also events without a cell); else this cell and every cell inside it.
  cell_code        text        CHECK (cell_code ~ '^[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?$'),
  recipient_roles  text[]      NOT NULL DEFAULT '{}',
  recipient_users  bigint[]    NOT NULL DEFAULT '{}',
  -- Role recipients only from this grid level up (1: city-wide users and those of the level-1
  -- district, i.e. the brigade 监察大队); NULL: any level down to the event's own cell.
  up_to_level      integer     CHECK (up_to_level BETWEEN 1 AND 4),
  channel          text        NOT NULL CHECK (channel IN ('webhook', 'sms')),
  target           text        CHECK (length(target) <= 2000),
  secret           text        CHECK (length(secret) BETWEEN 16 AND 200),
  -- Local time Asia/Shanghai; both or neither. start > end wraps midnight (22:00-07:00).
  quiet_start      time,
  quiet_end        time,
  -- NULL: incident.* events skip quiet hours, others wait; true: all skip; false: all wait.
  urgent           boolean,
  expire_minutes   integer     NOT NULL DEFAULT 60 CHECK (expire_minutes BETWEEN 1 AND 10080),
  enabled          boolean     NOT NULL DEFAULT true,
  -- Set for the rule GridWatch creates itself ('incident-default'), so start-up can find it.
  builtin          text        UNIQUE,
  created_by       bigint      REFERENCES app_user (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL)),
  CHECK (cardinality(recipient_roles) + cardinality(recipient_users) >= 1),
  CHECK (NOT enabled OR (target IS NOT NULL AND secret IS NOT NULL)),
  CHECK (deleted_at IS NULL OR NOT enabled)
);

-- The default rule: mass incidents to the leadership and the brigade's duty supervisors. It exists
-- from the first start, disabled and without a target; start-up gives it the configured webhook
-- (notifications.webhookUrl / webhookSecret) and enables it while nobody has set a target yet.
INSERT INTO notification_rule (name, events, cell_code, recipient_roles, up_to_level, channel, urgent,
    expire_minutes, enabled, builtin)
VALUES ('群体性事件 → 监察大队和领导', '{incident.*}', NULL, '{LEADER,SUPERVISOR}', 1, 'webhook', NULL, 60, false,
    'incident-default');

-- The dispatcher's position in event_outbox: one row, claimed FOR UPDATE SKIP LOCKED, so one node
-- at a time enqueues. It starts at the current end of the outbox: history is not replayed.
CREATE TABLE notification_cursor (
  one       boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_seq  bigint  NOT NULL
);
INSERT INTO notification_cursor (one, last_seq) SELECT true, last FROM event_seq;

-- One message per (event, rule, recipient), written in the dispatcher's transaction together with
-- the cursor. The sender claims due rows (lease_until, lease_token) FOR UPDATE SKIP LOCKED; a node
-- that dies between claim and send leaves the row claimable again when its lease runs out.
CREATE TABLE notification (
  id              bigserial   PRIMARY KEY,
  event_seq       bigint      NOT NULL REFERENCES event_outbox (seq),
  event_type      text        NOT NULL,
  event_cell      text,
  event_at        timestamptz NOT NULL,
  rule_id         bigint      NOT NULL REFERENCES notification_rule (id),
  recipient_id    bigint      NOT NULL REFERENCES app_user (id),
  recipient_name  text        NOT NULL,
  recipient_role  text        NOT NULL,
  channel         text        NOT NULL,
  text            text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('QUEUED', 'HELD_QUIET', 'RETRYING', 'SENT', 'FAILED', 'EXPIRED')),
  due_at          timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  last_error      text,
  delivered_at    timestamptz,
  lease_until     timestamptz,
  lease_token     uuid,
  created_at      timestamptz NOT NULL,
  CONSTRAINT notification_once UNIQUE (event_seq, rule_id, recipient_id)
);
CREATE INDEX notification_due ON notification (due_at, id) WHERE status IN ('QUEUED', 'HELD_QUIET', 'RETRYING');
CREATE INDEX notification_rule_id ON notification (rule_id, id);
CREATE INDEX notification_status ON notification (status, id);

-- Every attempt to deliver a message.
CREATE TABLE notification_attempt (
  id               bigserial   PRIMARY KEY,
  notification_id  bigint      NOT NULL REFERENCES notification (id),
  attempt_no       integer     NOT NULL CHECK (attempt_no >= 1),
  at               timestamptz NOT NULL,
  outcome          text        NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED')),
  http_status      integer,
  error            text,
  latency_ms       bigint,
  UNIQUE (notification_id, attempt_no)
);
