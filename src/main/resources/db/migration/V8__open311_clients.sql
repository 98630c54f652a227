-- API clients of the Open311 GeoReport v2 interface (/open311/v2/, docs/open311.md). Each client
-- acts as one GridWatch account (an OPERATOR or ASSISTANT), so that account's scope and the
-- workflow's rules apply to everything the client files or reads. The table holds SHA-256 of the
-- api_key, never the key itself (it is shown once, at creation): a copy of the table lets nobody
-- file as a client. Keys are 256-bit random, so a fast hash is enough (no password stretching).

CREATE TABLE open311_client (
  id               bigserial   PRIMARY KEY,
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  user_id          bigint      NOT NULL REFERENCES app_user (id),
  key_hash         bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  -- The key's first characters, to tell keys apart in lists and logs (not enough to use it).
  key_prefix       text        NOT NULL CHECK (length(key_prefix) BETWEEN 4 AND 20),
  -- Requests per minute this client may make (token bucket, per node).
  rate_per_minute  integer     NOT NULL DEFAULT 60 CHECK (rate_per_minute BETWEEN 1 AND 6000),
  created_by       bigint      REFERENCES app_user (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz,
  revoked_by       bigint      REFERENCES app_user (id)
);
CREATE INDEX open311_client_user ON open311_client (user_id);
