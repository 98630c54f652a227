-- One more wrong password (or second-factor code) in a row for the name $1 from the address $2
-- at $3. Atomic under concurrent attempts (the row is locked by the upsert); answers the count
-- and whether the row was new (for the cap on tracked pairs). record-login-penalty.sql then
-- sets the delay or the lock that count calls for.
INSERT INTO login_throttle AS t (username_key, address, failures, last_failure_at)
VALUES (lower($1), $2, 1, $3)
ON CONFLICT (username_key, address) DO UPDATE
SET failures = t.failures + 1, last_failure_at = EXCLUDED.last_failure_at
RETURNING t.failures, (t.xmax = 0) AS inserted
