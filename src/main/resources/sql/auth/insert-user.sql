INSERT INTO app_user (username, display_name, role, grid_code, password_hash)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, username, display_name, role, grid_code, disabled, password_hash, totp_secret, totp_pending,
       totp_last_step, failed_logins, locked_until, last_login_at, created_at, updated_at
