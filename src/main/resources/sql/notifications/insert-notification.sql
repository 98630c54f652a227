INSERT INTO notification (event_seq, event_type, event_cell, event_at, rule_id, recipient_id, recipient_name,
    recipient_role, channel, text, status, due_at, expires_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT ON CONSTRAINT notification_once DO NOTHING
