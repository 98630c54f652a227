SELECT * FROM notification_rule WHERE id = $1 AND deleted_at IS NULL FOR UPDATE
