UPDATE app_user
SET failed_logins = 0, locked_until = NULL, updated_at = now()
WHERE id = $1
RETURNING id, username, display_name, role, grid_code, disabled, password_hash, totp_secret, totp_pending,
       totp_last_step, failed_logins, locked_until, last_login_at, created_at, updated_at
