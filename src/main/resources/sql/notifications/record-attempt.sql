INSERT INTO notification_attempt (notification_id, attempt_no, at, outcome, http_status, error, latency_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7)
