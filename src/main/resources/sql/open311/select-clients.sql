SELECT c.id, c.name, c.user_id, u.username, u.role, u.grid_code, u.disabled AS user_disabled, c.key_prefix,
  c.rate_per_minute, c.created_at, cb.username AS created_by_name, c.revoked_at, rb.username AS revoked_by_name
FROM open311_client c
JOIN app_user u ON u.id = c.user_id
LEFT JOIN app_user cb ON cb.id = c.created_by
LEFT JOIN app_user rb ON rb.id = c.revoked_by
WHERE ($1::bigint IS NULL OR c.id = $1)
ORDER BY c.id
