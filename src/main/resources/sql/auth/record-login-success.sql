-- $3: the TOTP step just used (null when the user has no second factor). The failure count of
-- the address is cleared separately (clear-login-throttle.sql).
UPDATE app_user
SET last_login_at = $2, totp_last_step = COALESCE($3, totp_last_step)
WHERE id = $1
