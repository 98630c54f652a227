SELECT id, username, display_name, role, grid_code, disabled, password_hash, totp_secret, totp_pending,
       totp_last_step, COALESCE((SELECT max(t.failures) FROM login_throttle t WHERE t.username_key = lower(app_user.username)), 0)
         AS failed_logins,
       (SELECT max(t.locked_until) FROM login_throttle t WHERE t.username_key = lower(app_user.username)) AS locked_until,
       last_login_at, created_at, updated_at
FROM app_user
ORDER BY lower(username)
