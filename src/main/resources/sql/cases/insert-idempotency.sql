INSERT INTO idempotency_key (key, user_id, request_hash, case_id) VALUES ($1, $2, $3, $4)
