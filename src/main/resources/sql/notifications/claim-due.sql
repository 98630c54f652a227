-- Due messages not claimed by a live lease, oldest due first; claimed with a new lease in one
-- statement (committed at once), so a node that dies before it records the attempt leaves them
-- to the next claim after $2. Joined with their rule for where and how to send.
WITH due AS (
  SELECT id FROM notification
  WHERE status IN ('QUEUED', 'HELD_QUIET', 'RETRYING') AND due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
  ORDER BY due_at, id
  LIMIT $4
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE notification n SET lease_until = $2, lease_token = $3
  FROM due WHERE n.id = due.id
  RETURNING n.*
)
SELECT c.id, c.event_seq, c.event_type, c.event_cell, c.event_at, c.recipient_id, c.recipient_name,
  c.recipient_role, c.channel, c.text, c.attempts, c.expires_at, c.rule_id,
  r.name AS rule_name, r.target, r.secret, r.enabled AS rule_enabled, r.channel AS rule_channel,
  o.payload -> 'data' AS data
FROM claimed c JOIN notification_rule r ON r.id = c.rule_id JOIN event_outbox o ON o.seq = c.event_seq
ORDER BY c.id
