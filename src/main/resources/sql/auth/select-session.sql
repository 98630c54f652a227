-- Checked on every authenticated request: the user's role, grid and state as they are now.
SELECT s.user_id, s.last_seen, u.username, u.role, u.grid_code, u.disabled
FROM auth_session s
JOIN app_user u ON u.id = s.user_id
WHERE s.id_hash = $1 AND s.revoked_at IS NULL
