-- $3: the TOTP step just used (null when the user has no second factor).
UPDATE app_user
SET failed_logins = 0, locked_until = NULL, last_login_at = $2,
    totp_last_step = COALESCE($3, totp_last_step)
WHERE id = $1
