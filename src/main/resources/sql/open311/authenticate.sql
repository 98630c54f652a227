SELECT c.id, c.name, c.rate_per_minute, u.id AS user_id, u.username, u.role, u.grid_code, u.disabled
FROM open311_client c
JOIN app_user u ON u.id = c.user_id
WHERE c.key_hash = $1 AND c.revoked_at IS NULL
