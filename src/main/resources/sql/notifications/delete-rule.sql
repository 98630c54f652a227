-- Deleted rules stay (their messages and delivery log refer to them), hidden and disabled.
UPDATE notification_rule SET deleted_at = $2, enabled = false, updated_at = $2
WHERE id = $1 AND deleted_at IS NULL
RETURNING id
