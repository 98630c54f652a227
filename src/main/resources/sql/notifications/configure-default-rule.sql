-- Start-up with notifications.webhookUrl set: the default rule gets it and is enabled, as long as
-- nobody has given it a target yet (after that the API owns it).
UPDATE notification_rule SET target = $1, secret = $2, enabled = true, updated_at = now()
WHERE builtin = 'incident-default' AND target IS NULL AND deleted_at IS NULL
