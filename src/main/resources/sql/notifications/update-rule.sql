-- $9 NULL keeps the secret (it is write-only: a client cannot send back what it never saw).
UPDATE notification_rule SET name = $2, events = $3, cell_code = $4, recipient_roles = $5, recipient_users = $6,
    up_to_level = $7, channel = $8, target = $10, secret = coalesce($9, secret), quiet_start = $11, quiet_end = $12,
    urgent = $13, expire_minutes = $14, enabled = $15, updated_at = $16
WHERE id = $1 AND deleted_at IS NULL
RETURNING id
