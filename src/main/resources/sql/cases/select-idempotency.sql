SELECT request_hash, case_id FROM idempotency_key WHERE user_id = $1 AND key = $2
