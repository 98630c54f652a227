-- What the failure count calls for ($3 next allowed attempt, $4 lock end; either may be null).
-- A lock starts the count again for when it has passed.
UPDATE login_throttle
SET next_attempt_at = $3, locked_until = COALESCE($4, locked_until),
    failures = CASE WHEN $4::timestamptz IS NULL THEN failures ELSE 0 END
WHERE username_key = lower($1) AND address = $2
