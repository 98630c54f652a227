-- Which of many sessions are still open, with their users as they are now (live sockets re-check
-- theirs periodically). Reads only: a live socket is not activity that keeps a session alive.
SELECT s.id_hash, s.user_id, s.last_seen, u.username, u.role, u.grid_code
FROM auth_session s
JOIN app_user u ON u.id = s.user_id
WHERE s.id_hash = ANY ($1) AND s.revoked_at IS NULL AND NOT u.disabled AND s.last_seen > $2
