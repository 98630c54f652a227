-- $1 status, $2 rule id, $3 after (id), $4 the caller's grid prefix ('' city-wide), $5 limit.
SELECT id, rule_id, event_seq, event_type, event_cell, recipient_id, recipient_name, recipient_role, channel, status,
  attempts, last_attempt_at, last_error, delivered_at, due_at, expires_at, text
FROM notification
WHERE ($1::text IS NULL OR status = $1)
  AND ($2::bigint IS NULL OR rule_id = $2)
  AND id > $3
  AND ($4 = '' OR event_cell LIKE $4 || '%')
ORDER BY id
LIMIT $5
