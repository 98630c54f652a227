-- Only by the holder of the lease ($2): a node whose lease ran out must not overwrite the next one.
UPDATE notification SET status = $3, attempts = $4, last_attempt_at = $5, last_error = $6, delivered_at = $7,
    due_at = $8, lease_until = NULL, lease_token = NULL
WHERE id = $1 AND lease_token = $2
RETURNING id
