INSERT INTO notification_rule (name, events, cell_code, recipient_roles, recipient_users, up_to_level, channel, target,
    secret, quiet_start, quiet_end, urgent, expire_minutes, enabled, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
RETURNING id
