INSERT INTO open311_client (name, user_id, key_hash, key_prefix, rate_per_minute, created_by)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id
