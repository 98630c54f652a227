-- Failed sign-ins per account name AND client address (docs/security.md, "Sign-in throttling").
-- Until now five wrong passwords from anywhere locked the account for everyone, so anyone could
-- keep an administrator out. Now failures count per (name, address): an address that fails is
-- slowed down and then locked out for that account, while the account's owner signs in from
-- elsewhere. Names are kept as typed (lower case), known or not, so that the answers do not tell
-- which names exist.
CREATE TABLE login_throttle (
  -- lower(username) as typed at sign-in.
  username_key     text        NOT NULL CHECK (length(username_key) BETWEEN 1 AND 64),
  -- The client address (ClientAddress): an IPv4 address, or an IPv6 /64 prefix, since one
  -- subscriber usually holds a whole /64.
  address          text        NOT NULL CHECK (length(address) BETWEEN 1 AND 64),
  -- Wrong passwords or codes in a row since the last success or lock.
  failures         integer     NOT NULL CHECK (failures >= 0),
  last_failure_at  timestamptz NOT NULL,
  -- Growing delay: no attempt from this address for this name is checked before this time.
  next_attempt_at  timestamptz,
  -- Lockout of this address for this name.
  locked_until     timestamptz,
  PRIMARY KEY (username_key, address)
);
-- Pruning takes the oldest first (the table is capped: auth.loginMaxTrackedAddresses).
CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at);

-- The per-account counters are replaced by the table above; what administrators see (locked,
-- failedLogins) is now derived from it (sql/auth/select-user-*.sql).
ALTER TABLE app_user DROP COLUMN failed_logins, DROP COLUMN locked_until;
