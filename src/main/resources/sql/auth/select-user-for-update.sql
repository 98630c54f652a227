-- Inside a transaction: the row stays locked until it ends, so concurrent changes queue.
SELECT id, username, display_name, role, grid_code, disabled, password_hash, totp_secret, totp_pending,
       totp_last_step, failed_logins, locked_until, last_login_at, created_at, updated_at
FROM app_user
WHERE id = $1
FOR UPDATE
