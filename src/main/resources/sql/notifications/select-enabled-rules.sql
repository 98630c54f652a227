SELECT * FROM notification_rule WHERE enabled AND deleted_at IS NULL ORDER BY id
