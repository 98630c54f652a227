-- The delay and lock of the name $1 from the address $2 (no row: neither).
SELECT failures, next_attempt_at, locked_until FROM login_throttle WHERE username_key = lower($1) AND address = $2
